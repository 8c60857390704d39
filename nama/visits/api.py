"""The visits API, mounted at ``/api/v1/visits`` in ``config/api.py``.

A request is named by its tracking code. Whoever may not see the request gets the same 404 as
for a code that does not exist; someone who sees it but may not do the operation (staff
booking, an applicant moving a visit) gets 403 with the reason. Errors are problem+json with a
Persian ``detail``.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.cases.schemas import LabelledOut
from nama.core.jalali import tehran_time
from nama.visits.formatting import day_label, when_label, window_label
from nama.visits.models import Visit
from nama.visits.schemas import (
    BookIn,
    RescheduleIn,
    SlotDayOut,
    SlotOut,
    SlotsOut,
    VisitOut,
    VisitsOut,
)
from nama.visits.selectors import slots_for, visit_case, visits_seen_by
from nama.visits.services import book_visit, reschedule_visit
from nama.visits.slots import Offer

router = Router(tags=["visits"], auth=token_or_session)


def _local(moment: datetime | None) -> datetime | None:
    """Times go out in Tehran time (+03:30), as the slots do."""
    return tehran_time(moment) if moment is not None else None


def _visit_out(visit: Visit) -> VisitOut:
    return VisitOut(
        starts_at=tehran_time(visit.starts_at),
        ends_at=tehran_time(visit.ends_at),
        when=when_label(visit.starts_at, visit.ends_at),
        status=LabelledOut(value=visit.status, label=visit.get_status_display()),
        inspector=visit.inspector.display_name,
        booked_by=visit.booked_by.display_name,
        reason=visit.reason,
        created_at=tehran_time(visit.created_at),
        cancelled_at=_local(visit.cancelled_at),
        replaces_starts_at=_local(visit.replaces.starts_at if visit.replaces else None),
    )


def _slots_out(offer: Offer) -> SlotsOut:
    return SlotsOut(
        days=[
            SlotDayOut(
                date=day.day,
                label=day_label(day.day),
                slots=[
                    SlotOut(
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        label=window_label(slot.starts_at, slot.ends_at),
                        available=slot.available,
                    )
                    for slot in day.slots
                ],
            )
            for day in offer.days
        ],
        message=offer.message,
    )


@router.get(
    "/{tracking_code}",
    response={200: VisitsOut, **problems(401, 404)},
    summary="The visits of a request",
    description="For its applicant side and the staff of its district.",
)
def list_visits(request: HttpRequest, tracking_code: str) -> VisitsOut:
    case, visits = visits_seen_by(current_user(request), tracking_code)
    return VisitsOut(
        tracking_code=case.tracking_code,
        state=case.workflow.state if case.workflow is not None else "",
        visits=[_visit_out(visit) for visit in visits],
    )


@router.get(
    "/{tracking_code}/slots",
    response={200: SlotsOut, **problems(401, 403, 404)},
    summary="Slots a visit may be booked in",
    description=(
        "Two-hour slots 08–18 Tehran time on working days, from the second working day after "
        "today to seven days ahead (settings `NAMA_VISIT_EARLIEST_WORKING_DAYS`, "
        "`NAMA_VISIT_WINDOW_DAYS`), grouped by day; `available` is false for a full slot. "
        "When nothing can be booked `message` says why. For the applicant side, and for staff "
        "who may move the visit (its own seat then counts as free)."
    ),
)
def list_slots(request: HttpRequest, tracking_code: str) -> SlotsOut:
    user = current_user(request)
    case = visit_case(user, tracking_code, "visits.slots")
    return _slots_out(slots_for(user, case))


@router.post(
    "/{tracking_code}/book",
    response={201: VisitOut, **problems(401, 403, 404, 409, 422)},
    summary="Book the visit (applicant)",
    description=(
        "Only while the request waits for a visit to be booked (409 `not_booking` otherwise). "
        "The request then moves to the visit step and to an inspector. Sending the same time "
        "again answers with the same visit; another time: 409 `already_booked`. A slot not "
        "offered: 422 on `starts_at`; a slot taken meanwhile: 409 `slot_full`."
    ),
)
def book(request: HttpRequest, tracking_code: str, payload: BookIn) -> Status[VisitOut]:
    user = current_user(request)
    case = visit_case(user, tracking_code, "visits.book")
    visit = book_visit(actor=user, case=case, starts_at=payload.starts_at)
    return Status(201, _visit_out(visit))


@router.post(
    "/{tracking_code}/reschedule",
    response={201: VisitOut, **problems(401, 403, 404, 409, 422)},
    summary="Move the booked visit (staff)",
    description=(
        "For the district manager, a desk clerk of the district, or the inspector holding the "
        "request. Needs a `reason` (the applicant reads it). The old visit is cancelled and the "
        "new one replaces it; both sides are notified. 409 `no_booked_visit` when there is "
        "nothing to move."
    ),
)
def reschedule(request: HttpRequest, tracking_code: str, payload: RescheduleIn) -> Status[VisitOut]:
    user = current_user(request)
    case = visit_case(user, tracking_code, "visits.reschedule")
    visit = reschedule_visit(
        actor=user, case=case, starts_at=payload.starts_at, reason=payload.reason
    )
    return Status(201, _visit_out(visit))
