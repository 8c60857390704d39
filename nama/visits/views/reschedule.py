"""Staff move a request's booked visit: ``/visits/<tracking_code>/reschedule/``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from nama.accounts.models import User
from nama.accounts.views.common import is_safe_next, next_param, signed_in_user
from nama.cases.models import Case
from nama.core.problems import ApiError
from nama.visits import constants
from nama.visits.formatting import when_label
from nama.visits.forms import RescheduleForm
from nama.visits.selectors import booked_visit, slots_for, visits_of
from nama.visits.services import reschedule_visit
from nama.visits.views.common import page_case, picker_days

MOVED = "بازدید به {when} جابه‌جا شد؛ متقاضی و مامور بازدید باخبر می‌شوند."


def _back(request: HttpRequest, case: Case) -> str:
    """Where the page came from (the staff's request page), when that stays on this site."""
    url = next_param(request)
    if is_safe_next(request, url):
        return url
    return reverse("visits:reschedule", kwargs={"code": case.tracking_code})


def _context(request: HttpRequest, user: User, case: Case, form: RescheduleForm) -> dict[str, Any]:
    current = booked_visit(case)
    movable = (
        current is not None
        and case.workflow is not None
        and case.workflow.state == constants.VISIT_STATE
    )
    offer = slots_for(user, case) if movable else None
    url = next_param(request)
    return {
        "case": case,
        "form": form,
        "current": current,
        "movable": movable,
        "days": picker_days(offer) if offer is not None else [],
        "message": offer.message if offer is not None else "",
        "picked": form.data.get("starts_at", ""),
        "visits": visits_of(case),
        "next": url if is_safe_next(request, url) else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, code: str) -> HttpResponse:
    """The current visit, the slot picker and the reason; POST moves the visit."""
    user = signed_in_user(request)
    case = page_case(user, code, "visits.reschedule")
    form = RescheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = reschedule_visit(
                actor=user,
                case=case,
                starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, MOVED.format(when=when_label(visit.starts_at, visit.ends_at)))
            return redirect(_back(request, case))
    return render(request, "visits/reschedule.html", _context(request, user, case, form))
