"""Staff move a booked visit with a reason: the old one is cancelled, the new one replaces it,
both sides hear of it; the wrong people and bad input change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case, Notification
from nama.cases.tests.builders import clerk
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.sms.testing import Outbox
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.services import book_visit, reschedule_visit
from nama.visits.slots import offer
from nama.visits.tests.factories import CODES, awaiting_visit, filler, first_free, inspector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
REASON = "مامور بازدید آن روز در مأموریت است."


def booked(agent: User | None = None) -> tuple[Case, Visit]:
    agent = agent or inspector()
    case = awaiting_visit()
    visit = book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    case.refresh_from_db()
    return case, visit


def another_slot(case: Case, visit: Visit) -> datetime:
    """A free slot on another day than ``visit``'s."""
    days = offer(case.district, replacing=visit).days
    return next(
        slot.starts_at
        for day in days
        for slot in day.slots
        if slot.available and day.day != visit.starts_at.date()
    )


def snapshot(case: Case) -> tuple[object, ...]:
    case.refresh_from_db()
    rows = Visit.objects.filter(case=case).order_by("pk")
    return (case.holder_id, [(v.status, v.starts_at, v.inspector_id, v.reason) for v in rows])


def test_the_holding_inspector_moves_the_visit_and_both_sides_hear_why(
    sms_outbox: Outbox,
) -> None:
    agent = inspector()
    case, old = booked(agent)
    starts_at = another_slot(case, old)

    new = reschedule_visit(actor=agent, case=case, starts_at=starts_at, reason=f"  {REASON} ")

    old.refresh_from_db()
    assert (old.status, old.reason) == (VisitStatus.CANCELLED, REASON)
    assert old.cancelled_at is not None
    assert (new.status, new.replaces, new.reason) == (VisitStatus.BOOKED, old, REASON)
    assert (new.starts_at, new.inspector, new.booked_by) == (starts_at, agent, agent)
    case.refresh_from_db()
    assert case.holder == agent
    assert case.workflow is not None
    assert case.workflow.state == "visit"
    when = when_label(new.starts_at, new.ends_at)
    for person in (case.applicant, agent):
        texts = [m["text"] for m in sms_outbox.to(person.mobile)]
        assert any("زمان بازدید تغییر کرد" in t and when in t and REASON in t for t in texts)


def test_when_the_inspector_is_busy_then_another_one_gets_visit_and_request(
    sms_outbox: Outbox,
) -> None:
    agent, colleague = inspector(), inspector()
    case, old = booked(agent)
    starts_at = another_slot(case, old)
    filler(awaiting_visit(code=CODES[1]), agent, starts_at)  # agent is busy then
    desk = clerk(7)

    new = reschedule_visit(actor=desk, case=case, starts_at=starts_at, reason=REASON)
    sms_outbox.flush()  # what a commit would run

    assert new.inspector == colleague
    case.refresh_from_db()
    assert case.holder == colleague
    assert Notification.objects.filter(user=colleague, case=case, title__contains="واگذار")
    to_old = [m["text"] for m in sms_outbox.to(agent.mobile) if "زمان بازدید تغییر" in m["text"]]
    assert len(to_old) == 1
    assert colleague.display_name in to_old[0]
    applicant = [m["text"] for m in sms_outbox.to(case.applicant.mobile)]
    assert any("زمان بازدید تغییر کرد" in text for text in applicant)


def test_the_district_manager_may_move_a_visit() -> None:
    case, old = booked()
    manager = verified(staff_member(StaffRole.DISTRICT_MANAGER, 7))

    new = reschedule_visit(
        actor=manager, case=case, starts_at=another_slot(case, old), reason=REASON
    )

    assert new.replaces == old


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_reason_is_required(reason: str) -> None:
    agent = inspector()
    case, old = booked(agent)
    before = snapshot(case)

    with pytest.raises(ValidationError) as refused:
        reschedule_visit(actor=agent, case=case, starts_at=another_slot(case, old), reason=reason)

    assert "reason" in refused.value.message_dict
    assert snapshot(case) == before


def test_the_same_time_or_a_time_not_offered_is_refused() -> None:
    agent = inspector()
    case, old = booked(agent)
    before = snapshot(case)

    with pytest.raises(ValidationError):
        reschedule_visit(actor=agent, case=case, starts_at=old.starts_at, reason=REASON)
    with pytest.raises(ValidationError):
        reschedule_visit(
            actor=agent, case=case, starts_at=old.starts_at + timedelta(minutes=30), reason=REASON
        )

    assert snapshot(case) == before


def test_nothing_booked_nothing_to_move() -> None:
    agent = inspector()
    case = awaiting_visit()
    before = snapshot(case)

    with pytest.raises(ConflictError) as refused:
        reschedule_visit(actor=clerk(7), case=case, starts_at=first_free(case), reason=REASON)

    assert refused.value.code == "no_booked_visit"
    assert snapshot(case) == before
    assert agent.pk is not None


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda case: case.applicant, id="the applicant"),
        pytest.param(lambda case: inspector(7), id="another inspector of the district"),
        pytest.param(
            lambda case: verified(staff_member(StaffRole.PLANNING_OFFICER, 7)),
            id="planning officer",
        ),
    ],
)
def test_who_sees_the_request_but_may_not_move_its_visit_is_refused(who: object) -> None:
    case, old = booked()
    before = snapshot(case)

    with pytest.raises(ForbiddenError):
        reschedule_visit(
            actor=who(case),  # type: ignore[operator]
            case=case,
            starts_at=another_slot(case, old),
            reason=REASON,
        )

    assert snapshot(case) == before


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(make_user, id="unrelated citizen"),
        pytest.param(lambda: inspector(8), id="inspector of another district"),
        pytest.param(lambda: staff_member(StaffRole.DISTRICT_MANAGER, 7), id="no second factor"),
    ],
)
def test_who_cannot_see_the_request_is_told_it_does_not_exist(who: object) -> None:
    case, old = booked()
    before = snapshot(case)

    with pytest.raises(NotFoundError):
        reschedule_visit(
            actor=who(),  # type: ignore[operator]
            case=case,
            starts_at=another_slot(case, old),
            reason=REASON,
        )

    assert snapshot(case) == before
