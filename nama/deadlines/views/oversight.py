"""The overseers' page (/oversight/): open, overdue and due-soon work per district, state and
holder, and the overdue requests of one district."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.core.problems import ForbiddenError
from nama.deadlines.access import overseen_districts
from nama.deadlines.selectors import (
    Sort,
    Window,
    check_district,
    district_rows,
    holder_rows,
    overdue_page,
    state_rows,
)
from nama.deadlines.windows import due_soon_horizon, reminder_days
from nama.districts.models import District
from nama.districts.selectors import active_districts

NOT_AN_OVERSEER = "این صفحه برای مدیران مناطق و مدیریت شهری است."


@login_required
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    """Counts for every district the user oversees; one district's detail and overdue list."""
    user = _overseer(request)
    districts = list(overseen_districts(user))
    if not districts:
        raise PermissionDenied(NOT_AN_OVERSEER)
    district = _chosen(request, user, districts)
    now = timezone.now()
    window = Window(now, due_soon_horizon(now, max(reminder_days(), 1)) or now)
    sort: Sort = "newest" if request.GET.get("sort") == "newest" else "oldest"
    page, rows = overdue_page(district, now, sort, request.GET.get("page"))
    context: dict[str, Any] = {
        "district": district,
        "districts": district_rows(districts, window),
        "states": state_rows(district, window),
        "holders": holder_rows(district, window),
        "page": page,
        "rows": rows,
        "sort": sort,
        "window": window,
        "reminder_days": max(reminder_days(), 1),
    }
    return render(request, "deadlines/overdue.html", context)


def _overseer(request: HttpRequest) -> User:
    """Staff only: to anyone else the page does not exist."""
    user = signed_in_user(request)
    if user.kind != AccountKind.STAFF:
        raise Http404
    return user


def _chosen(request: HttpRequest, user: User, districts: list[District]) -> District:
    """The district asked for (by code), the first one overseen (pilots first) by default."""
    code = request.GET.get("district", "")[:20]
    if not code:
        return districts[0]
    district = active_districts().filter(code=code).first()
    if district is None:
        raise Http404
    try:
        check_district(user, district)
    except ForbiddenError as error:
        raise PermissionDenied(error.detail) from error
    return district
