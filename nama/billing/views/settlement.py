"""Settlement letters (مفاصاحساب) of the user's properties.

``/bills/settlement/<parcel>/``: what the property still owes, or (when nothing) the button that
issues the letter (POST); ``/bills/settlement/letters/<pk>/`` the letter, and ``…/pdf/`` the same
as a PDF. Another person's property or letter is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.billing.models import SettlementLetter
from nama.billing.pdf import pdf_response, render_pdf
from nama.billing.selectors import letters_issued, owned_parcels, settlement_letter
from nama.billing.services.settlement import issue_settlement_letter, owed_items
from nama.billing.views.duties import refusal
from nama.core.problems import ApiError, NotFoundError
from nama.parcels.models import Parcel

ISSUED = "مفاصاحساب صادر شد."


def _parcel(user: User, pk: int) -> Parcel:
    parcel = owned_parcels(user).filter(pk=pk).first()
    if parcel is None:
        raise Http404("این ملک در فهرست املاک شما نیست.")
    return parcel


def _letter(user: User, pk: int) -> SettlementLetter:
    try:
        return settlement_letter(user, pk)
    except NotFoundError as error:
        raise Http404(error.detail) from error


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    parcel = _parcel(user, pk)
    if request.method == "POST":
        try:
            letter = issue_settlement_letter(parcel=parcel, actor=user)
        except (ValidationError, ApiError) as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, ISSUED)
            return redirect(reverse("billing:settlement_letter", args=[letter.pk]))
    context = {
        "parcel": parcel,
        "owed": owed_items(parcel),
        "letters": list(letters_issued(user, parcel)[:5]),
    }
    return render(request, "billing/settlement.html", context)


def letter_context(letter: SettlementLetter) -> dict[str, Any]:
    return {"letter": letter, "parcel": letter.parcel}


@login_required
@require_safe
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    found = _letter(signed_in_user(request), pk)
    return render(request, "billing/settlement_letter.html", letter_context(found))


@login_required
@require_safe
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _letter(signed_in_user(request), pk)
    data = render_pdf("billing/pdf/settlement_letter.html", letter_context(found))
    return pdf_response(data, f"settlement-{found.number}.pdf")
