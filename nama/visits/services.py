"""Writes of visits: the applicant books, staff move a visit, the inspections app marks it done.

Each runs in one transaction with the request locked first (the order every writer of a
request keeps); notices go out on commit (``nama.visits.notices``).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.cases.models import Case
from nama.cases.services import act
from nama.core.jalali import TEHRAN
from nama.core.problems import ConflictError
from nama.staff.services import hand_to
from nama.visits import constants, notices
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.selectors import require
from nama.visits.slots import inspectors_for, occupancy, offer, pick_seat

NOT_BOOKING = "این درخواست اکنون در مرحلهٔ گرفتن نوبت بازدید نیست."
ALREADY_BOOKED = (
    "برای این درخواست پیش‌تر نوبت بازدید گرفته شده است ({when}). "
    "برای تغییر آن به کارشناسان پیام بفرستید یا با پیشخوان منطقه تماس بگیرید."
)
NOT_VISITING = "این درخواست نوبت بازدیدِ در انتظاری ندارد که جابه‌جا شود."
NOT_OFFERED = "این زمان برای بازدید ارائه نمی‌شود؛ یکی از نوبت‌های فهرست را انتخاب کنید."
SLOT_FULL = "این نوبت همین حالا پر شد؛ نوبت دیگری انتخاب کنید."
SAME_TIME = "زمان تازه با زمان کنونی بازدید یکی است؛ زمان دیگری انتخاب کنید."
NO_REASON = "دلیل جابه‌جایی را بنویسید؛ متقاضی آن را می‌خواند."
MAX_REASON = 1000


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("workflow", "district")
        .get(pk=case.pk)
    )


def _state(case: Case) -> str:
    return case.workflow.state if case.workflow is not None else ""


def _aware(moment: datetime) -> datetime:
    """A time without a zone is read as Tehran time (what a person in Isfahan means)."""
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=TEHRAN)


def _booked(case: Case) -> Visit | None:
    return (
        Visit.objects.select_for_update(of=("self",))
        .filter(case=case, status=VisitStatus.BOOKED)
        .select_related("inspector")
        .first()
    )


def _take_seat(
    case: Case,
    starts_at: datetime,
    *,
    actor: User,
    now: datetime | None,
    prefer: User | None = None,
    replaces: Visit | None = None,
    reason: str = "",
) -> Visit:
    """A new booked visit at ``starts_at``: the slot must be offered; the seat is retried when
    a concurrent booking took it first (the unique constraint decides, never a count)."""
    offered = offer(case.district, now=now)
    slot = offered.slot_at(starts_at)
    if slot is None:  # say why nothing is offered (no inspector, holidays) when that is why
        raise ValidationError({"starts_at": [offered.message or NOT_OFFERED]})
    inspectors = list(inspectors_for(case.district))
    day = slot.starts_at.astimezone(TEHRAN).date()
    for _attempt in range(constants.MAX_SEAT_ATTEMPTS):
        taken = occupancy([user.pk for user in inspectors], day, day)
        picked = pick_seat(inspectors, taken, slot.starts_at, prefer=prefer)
        if picked is None:
            break
        inspector, seat = picked
        try:
            with transaction.atomic():
                return Visit.objects.create(
                    case=case,
                    inspector=inspector,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    seat=seat,
                    booked_by=actor,
                    replaces=replaces,
                    reason=reason,
                )
        except IntegrityError:
            continue  # someone took this seat a moment ago: look again
    raise ConflictError(SLOT_FULL, code="slot_full")


def book_visit(
    *, actor: User, case: Case, starts_at: datetime, now: datetime | None = None
) -> Visit:
    """The applicant side books the visit of a request waiting for one (state
    ``visit_booking``): in one transaction the visit is created, the workflow takes the step
    ``book_visit`` and the request is handed to the inspector. Submitting the same time again
    returns the visit already booked; another time is refused (staff move visits).
    ``now`` is for tests."""
    require(actor, "visits.book", case)
    starts_at = _aware(starts_at)
    with transaction.atomic():
        locked = _locked(case)
        existing = _booked(locked)
        if existing is not None and existing.starts_at == starts_at:
            return existing  # a double submit or a retry: booked once
        if existing is not None:
            when = when_label(existing.starts_at, existing.ends_at)
            raise ConflictError(ALREADY_BOOKED.format(when=when), code="already_booked")
        if _state(locked) != constants.BOOKING_STATE:
            raise ConflictError(NOT_BOOKING, code="not_booking")
        visit = _take_seat(locked, starts_at, actor=actor, now=now)
        act(actor=actor, case=locked, action=constants.BOOK_ACTION)
        when = when_label(visit.starts_at, visit.ends_at)
        hand_to(case=locked, holder=visit.inspector, actor=actor, reason=f"نوبت بازدید: {when}")
        transaction.on_commit(lambda: notices.tell_booked(visit.pk))
    return visit


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": [NO_REASON]})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": ["دلیل حداکثر ۱۰۰۰ نویسه است."]})
    return text


def reschedule_visit(
    *,
    actor: User,
    case: Case,
    starts_at: datetime,
    reason: str,
    now: datetime | None = None,
) -> Visit:
    """Staff move the booked visit of a request in state ``visit`` to another offered slot,
    with a reason the applicant reads. The old visit is cancelled and the new one replaces it,
    with the same inspector when they are free then, otherwise the least-loaded free one (who
    is handed the request). ``now`` is for tests."""
    require(actor, "visits.reschedule", case)
    text = _reason(reason)
    starts_at = _aware(starts_at)
    with transaction.atomic():
        locked = _locked(case)
        old = _booked(locked)
        if old is None or _state(locked) != constants.VISIT_STATE:
            raise ConflictError(NOT_VISITING, code="no_booked_visit")
        if old.starts_at == starts_at:
            raise ValidationError({"starts_at": [SAME_TIME]})
        old.status, old.cancelled_at, old.reason = VisitStatus.CANCELLED, timezone.now(), text
        old.save(update_fields=["status", "cancelled_at", "reason"])
        visit = _take_seat(
            locked, starts_at, actor=actor, now=now, prefer=old.inspector, replaces=old, reason=text
        )
        if visit.inspector_id != old.inspector_id:
            when = when_label(visit.starts_at, visit.ends_at)
            hand_to(
                case=locked,
                holder=visit.inspector,
                actor=actor,
                reason=f"بازدید جابه‌جا شد به {when}. دلیل: {text}",
            )
        transaction.on_commit(lambda: notices.tell_rescheduled(visit.pk))
    return visit


def mark_visited(*, actor: User | None, case: Case) -> Visit | None:
    """The request's booked visit took place (the inspections app calls this, inside its own
    transaction, when the inspector submits the report); None if nothing was booked.
    ``actor``: the inspector (the report itself records who visited)."""
    with transaction.atomic():
        visit = _booked(case)
        if visit is None:
            return None
        visit.status = VisitStatus.DONE
        visit.save(update_fields=["status"])
    return visit
