"""Builders of the visit tests: a request waiting for its visit, inspectors, a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, time

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case
from nama.cases.services import act
from nama.cases.tests.builders import clerk, owned_parcel, submitted
from nama.core.jalali import TEHRAN
from nama.visits.models import Visit, VisitStatus
from nama.visits.slots import offer

# Renewal codes in district 7 (the first number), one per request a test needs.
CODES = [f"7-1-1-{n}-0-0-0" for n in range(5, 30)]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Tehran time."""
    return datetime.combine(day, time(hour, minute), tzinfo=TEHRAN)


def inspector(district: int = 7) -> User:
    return verified(staff_member(StaffRole.VISIT_AGENT, district))


def awaiting_visit(owner: User | None = None, *, code: str = CODES[0]) -> Case:
    """A D15 request the desk clerk sent to the field visit: waiting for the applicant to book."""
    owner = owner or make_user()
    case = submitted(owner, owned_parcel(owner, code))
    act(actor=clerk(7), case=case, action="request_visit")
    case.refresh_from_db()
    return case


def first_free(case: Case, now: datetime | None = None) -> datetime:
    """The first slot offered for ``case`` with a free seat."""
    current = offer(case.district, now=now)
    return next(slot.starts_at for day in current.days for slot in day.slots if slot.available)


def filler(case: Case, inspector: User, starts_at: datetime, seat: int = 0) -> Visit:
    """A visit already made that takes ``inspector``'s seat (done: not the request's booking)."""
    from datetime import timedelta

    return Visit.objects.create(
        case=case,
        inspector=inspector,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        seat=seat,
        status=VisitStatus.DONE,
        booked_by=inspector,
    )
