"""Builders for the inspections tests: a building-permit request at its field visit.

The visit is a ``Visit`` row made directly (the booking pages are the visits app's); the
workflow steps are taken with ``cases.services.act`` as staff and the applicant would.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import shapely
from django.utils import timezone
from shapely.geometry import box

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case
from nama.cases.services import act
from nama.cases.tests.builders import clerk, owned_parcel, submitted
from nama.core.jalali import TEHRAN, tehran_today
from nama.parcels.geometry import load, reproject
from nama.parcels.models import Parcel
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel
from nama.visits.models import Visit

# The request's parcel: 20 m × 30 m at the city centre (cases.tests.builders.owned_parcel).
PARCEL_WIDTH = 20.0


def visit_agent(district: int = 7, **kwargs: Any) -> User:
    return verified(staff_member(StaffRole.VISIT_AGENT, district, **kwargs))


def slot(days: int = 0, hour: int = 10) -> tuple[datetime, datetime]:
    """A two-hour slot ``days`` from today, in Tehran time."""
    start = datetime.combine(tehran_today() + timedelta(days=days), time(hour), tzinfo=TEHRAN)
    return start, start + timedelta(hours=2)


def parcel_at(owner: User, code: str, *, east: float, north: float, address: str) -> Parcel:
    """A 20 m × 30 m parcel of ``owner`` ``east``/``north`` metres from the city centre."""
    parcel = make_parcel(code, box(east, north, east + 20, north + 30), address=address)
    set_owners(
        actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=owner.national_id or "")]
    )
    return parcel


def at_visit(
    *,
    owner: User | None = None,
    inspector: User | None = None,
    code: str = "7-1-1-5-0-0-0",
    parcel: Parcel | None = None,
    days: int = 0,
    hour: int = 10,
) -> tuple[Case, Visit]:
    """A D15 request in the workflow state ``visit`` with a booked visit of ``inspector``."""
    owner = owner or make_user()
    case = submitted(owner, parcel or owned_parcel(owner, code=code))
    number = case.district.number or 7
    act(actor=clerk(number), case=case, action="request_visit")
    starts_at, ends_at = slot(days, hour)
    inspector = inspector or visit_agent(number)
    visit = Visit.objects.create(
        case=case,
        inspector=inspector,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=owner,
    )
    act(actor=owner, case=case, action="book_visit")
    case.refresh_from_db()
    visit.refresh_from_db()
    visit.inspector = inspector  # keep the verified session's user
    return case, visit


def parcel_centroid_lonlat(parcel: Parcel) -> tuple[float, float]:
    shape = load(parcel.geometry)
    assert shape is not None
    centre = reproject(shape.centroid, 32639, 4326)
    return float(centre.x), float(centre.y)


def lonlat_east_of(parcel: Parcel, metres: float) -> tuple[float, float]:
    """A point ``metres`` east of the parcel's eastern edge (its middle), as (lat, lon)."""
    shape = load(parcel.geometry)
    assert shape is not None
    _min_x, min_y, max_x, max_y = shape.bounds
    point = shapely.Point(max_x + metres, (min_y + max_y) / 2)
    lonlat = reproject(point, 32639, 4326)
    return float(lonlat.y), float(lonlat.x)


def in_hours(hours: float) -> datetime:
    return timezone.now() + timedelta(hours=hours)
