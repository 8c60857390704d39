"""The yearly duties pages: renewal duty per property, business duty per shop unit and vehicle
duty per vehicle (catalogue entries G32–G34 link here).

Each lists the user's subjects with their unpaid years and open bills; «صدور قبض و پرداخت»
(POST ``subject``) prices every unpaid year (arrears surcharge, good-payer discount), issues the
bills and opens the first one, or opens the bills already issued and still unpaid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.billing.constants import Purpose
from nama.billing.forms import VehicleForm
from nama.billing.selectors import Subject, duty_rows, duty_subjects, duty_terms
from nama.billing.services.settlement import duty_bills
from nama.core.problems import ApiError
from nama.core.text import normalize_digits, to_persian_digits

NOTHING_OWED = "بابت این مورد بدهی‌ای نمانده است."
SEVERAL = "{count} قبض صادر شد (هر حساب ذی‌نفع یک قبض)؛ هر یک را جدا بپردازید."


@dataclass(frozen=True)
class DutyKind:
    purpose: Purpose
    url_name: str
    template: str


RENEWAL = DutyKind(Purpose.RENEWAL_DUTY, "billing:renewal_duty", "billing/duties_renewal.html")
BUSINESS = DutyKind(Purpose.BUSINESS_DUTY, "billing:business_duty", "billing/duties_business.html")
VEHICLE = DutyKind(Purpose.VEHICLE_DUTY, "billing:vehicle_duty", "billing/duties_vehicle.html")


def render_duties(request: HttpRequest, kind: DutyKind, user: User, **extra: Any) -> HttpResponse:
    context = {
        "kind": kind,
        "rows": duty_rows(kind.purpose, user),
        "purpose": kind.purpose,
        "terms": duty_terms(kind.purpose),
        **extra,
    }
    return render(request, kind.template, context)


def _chosen(kind: DutyKind, user: User, raw: str) -> Subject:
    text = normalize_digits(raw).strip()
    for subject in duty_subjects(kind.purpose, user):
        if text == str(subject.pk):
            return subject
    raise Http404("این مورد در فهرست شما نیست.")


def _pay(request: HttpRequest, kind: DutyKind, user: User) -> HttpResponse:
    """Issue (or find) the subject's bills and open the first; a refusal is shown on the page."""
    subject = _chosen(kind, user, str(request.POST.get("subject", "")))
    try:
        bills = duty_bills(purpose=kind.purpose, payer=user, **subject.kwargs)
    except (ValidationError, ApiError) as error:
        messages.error(request, refusal(error))
        return redirect(kind.url_name)
    if not bills:
        messages.info(request, NOTHING_OWED)
        return redirect(kind.url_name)
    if len(bills) > 1:
        messages.info(request, to_persian_digits(SEVERAL.format(count=len(bills))))
    return redirect(reverse("billing:bill", args=[bills[0].pk]))


def refusal(error: ValidationError | ApiError) -> str:
    """A service's refusal as one Persian sentence."""
    if isinstance(error, ApiError):
        return error.detail
    return "؛ ".join(error.messages)


def _duty_view(kind: DutyKind) -> Callable[[HttpRequest], HttpResponse]:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        if request.method == "POST":
            return _pay(request, kind, user)
        extra = {"form": VehicleForm()} if kind is VEHICLE else {}
        return render_duties(request, kind, user, **extra)

    view.__name__ = view.__qualname__ = kind.url_name.split(":")[1]
    return view


renewal_duty = _duty_view(RENEWAL)
business_duty = _duty_view(BUSINESS)
vehicle_duty = _duty_view(VEHICLE)
