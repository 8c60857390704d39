"""Reads of visits, each checked against who asks (rules in ``nama.visits.access``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.cases.selectors import case_for
from nama.core.jalali import TEHRAN
from nama.core.problems import ForbiddenError, NotFoundError
from nama.visits import constants
from nama.visits.models import Visit, VisitStatus
from nama.visits.slots import Offer, offer

REFUSALS = {
    "visits.book": "نوبت بازدید را فقط متقاضی (یا پیشخوان برای درخواست حضوری) می‌گیرد.",
    "visits.reschedule": (
        "جابه‌جایی نوبت بازدید با مامور بازدید، پیشخوان یا مدیر منطقه است؛ "
        "برای تغییر زمان به کارشناسان پیام بفرستید."
    ),
    "visits.slots": "نوبت‌های بازدید این درخواست را نمی‌توانید ببینید.",
    "visits.view": constants.NOT_FOUND,
}


def require(user: User, action: str, case: Case) -> None:
    """Raise unless ``user`` may do ``action`` on ``case``: 404 for someone who may not even
    see the request (as for a code that does not exist), 403 with the reason otherwise."""
    if can(user, action, case):
        return
    if not can(user, "cases.view", case):
        raise NotFoundError(constants.NOT_FOUND)
    raise ForbiddenError(REFUSALS[action], code="not_allowed")


def visit_case(user: User, tracking_code: str, action: str) -> Case:
    """The request ``tracking_code`` if ``user`` may do ``action`` on its visit (see
    ``require`` for the refusals)."""
    case = case_for(user, tracking_code)
    require(user, action, case)
    return case


def visits_of(case: Case) -> QuerySet[Visit]:
    """Every visit of ``case`` (booked, done, cancelled), oldest booking first, with the
    inspector, who booked it and what it replaced. The caller has checked ``visits.view``."""
    return (
        Visit.objects.filter(case=case)
        .select_related("inspector", "booked_by", "replaces")
        .order_by("created_at", "pk")
    )


def visits_seen_by(user: User, tracking_code: str) -> tuple[Case, list[Visit]]:
    """The request and its visits, for anyone who may see the request."""
    case = visit_case(user, tracking_code, "visits.view")
    return case, list(visits_of(case))


def booked_visit(case: Case) -> Visit | None:
    """The visit ``case`` has booked now (at most one), or None."""
    return (
        Visit.objects.filter(case=case, status=VisitStatus.BOOKED)
        .select_related("inspector")
        .first()
    )


def slots_for(user: User, case: Case, *, now: datetime | None = None) -> Offer:
    """The slots ``user`` may choose for ``case``: for booking, or for moving its visit (whose
    own seat then counts as free)."""
    require(user, "visits.slots", case)
    return offer(case.district, now=now, replacing=booked_visit(case))


def inspector_day(user: User, day: date) -> list[Visit]:
    """The visits ``user`` makes (booked or done) on ``day`` in Tehran, in time order, with the
    request, its service, parcel and district: an inspector's own day, nobody else's."""
    start = datetime.combine(day, time(0), tzinfo=TEHRAN)
    return list(
        Visit.objects.filter(
            inspector=user,
            status__in=[VisitStatus.BOOKED, VisitStatus.DONE],
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("case__service", "case__parcel", "case__district")
        .order_by("starts_at", "seat")
    )
