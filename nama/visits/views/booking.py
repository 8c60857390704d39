"""The applicant picks the visit's slot: ``/visits/<tracking_code>/book/``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.cases.models import Case
from nama.core.problems import ApiError
from nama.visits import constants
from nama.visits.formatting import when_label
from nama.visits.forms import SlotForm
from nama.visits.selectors import booked_visit, slots_for
from nama.visits.services import book_visit
from nama.visits.views.common import page_case, picker_days

BOOKED = "نوبت بازدید برای {when} ثبت شد. پیامک آن را هم می‌فرستیم."


def _after_booking(user: User, case: Case) -> str:
    """The request's page for the applicant side; this page (now showing the visit) for the
    counter clerk who booked for a walk-in citizen."""
    if can(user, "cases.act_as_applicant", case):
        return reverse("cases:detail", kwargs={"code": case.tracking_code})
    return reverse("visits:book", kwargs={"code": case.tracking_code})


def _context(user: User, case: Case, form: SlotForm) -> dict[str, Any]:
    booking = case.workflow is not None and case.workflow.state == constants.BOOKING_STATE
    offer = slots_for(user, case) if booking else None
    return {
        "case": case,
        "form": form,
        "booking": booking,
        "booked": booked_visit(case),
        "days": picker_days(offer) if offer is not None else [],
        "message": offer.message if offer is not None else "",
        "picked": form.data.get("starts_at", ""),
        "applicant_side": can(user, "cases.act_as_applicant", case),
    }


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, code: str) -> HttpResponse:
    """The slot picker (grouped by day); POST books the chosen slot."""
    user = signed_in_user(request)
    case = page_case(user, code, "visits.book")
    form = SlotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = book_visit(actor=user, case=case, starts_at=form.cleaned_data["starts_at"])
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, BOOKED.format(when=when_label(visit.starts_at, visit.ends_at))
            )
            return redirect(_after_booking(user, case))
    return render(request, "visits/book.html", _context(user, case, form))
