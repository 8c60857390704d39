"""The inspector's visits, today and the next days, in time order with a map of the stops."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.authz import has_role
from nama.accounts.constants import StaffRole
from nama.accounts.views.common import signed_in_user
from nama.core.jalali import format_jalali_date_long, tehran_time, tehran_today
from nama.districts.selectors import city_profile
from nama.inspections.presenting import report_status
from nama.inspections.selectors import visits_ahead
from nama.inspections.selectors.stops import stop_of
from nama.visits.models import Visit


def _day_label(day: date, today: date) -> str:
    names = {0: "امروز", 1: "فردا"}
    named = names.get((day - today).days)
    long = format_jalali_date_long(day, weekday=True)
    return f"{named}، {long}" if named else long


def _days(visits: list[Visit]) -> list[dict[str, Any]]:
    today = tehran_today()
    days: list[dict[str, Any]] = []
    for number, visit in enumerate(visits, start=1):
        day = tehran_time(visit.starts_at).date()
        if not days or days[-1]["date"] != day:
            days.append({"date": day, "label": _day_label(day, today), "visits": []})
        days[-1]["visits"].append(
            {"number": number, "visit": visit, "report": report_status(visit)}
        )
    return days


def _stops(visits: list[Visit]) -> list[dict[str, Any]]:
    stops = [stop_of(visit, number) for number, visit in enumerate(visits, start=1)]
    return [
        stop.feature(visit.case.parcel.address if visit.case.parcel else "")
        for stop, visit in zip(stops, visits, strict=True)
        if stop is not None
    ]


@login_required
@require_safe
def today(request: HttpRequest) -> HttpResponse:
    """For visit agents (second factor passed): their booked and done visits ahead."""
    user = signed_in_user(request)
    if not has_role(user, StaffRole.VISIT_AGENT):
        raise PermissionDenied
    visits = list(visits_ahead(user))
    profile = city_profile()
    context = {
        "days": _days(visits),
        "stops": {"type": "FeatureCollection", "features": _stops(visits)},
        "map": {
            "tile_url": settings.NAMA_MAP_TILE_URL,
            "centre": f"{profile.centre_lat:f},{profile.centre_lon:f}",
        },
        "window_days": settings.NAMA_VISIT_WINDOW_DAYS,
    }
    return render(request, "inspections/today.html", context)
