"""The applicant books the visit: the workflow moves to the visit, the inspector gets the
request, both sides hear of it; refusals change nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case, Notification
from nama.cases.services import act
from nama.cases.tests.builders import clerk, owned_parcel, submitted
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.sms.testing import Outbox
from nama.staff.models import HoldEvent
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.services import book_visit
from nama.visits.slots import occupancy, pick_seat
from nama.visits.tests.factories import CODES, awaiting_visit, filler, first_free, inspector
from nama.workflow.models import TransitionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def snapshot(case: Case) -> tuple[object, ...]:
    case.refresh_from_db()
    assert case.workflow is not None
    case.workflow.refresh_from_db()
    return (
        case.workflow.state,
        case.workflow.step,
        case.holder_id,
        Visit.objects.filter(case=case).count(),
    )


def test_booking_moves_the_request_to_the_visit_and_to_the_inspector(sms_outbox: Outbox) -> None:
    agent = inspector()
    case = awaiting_visit()
    starts_at = first_free(case)

    visit = book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    case.refresh_from_db()
    assert case.workflow is not None
    assert (case.workflow.state, case.queue_role) == ("visit", "visit_agent")
    assert (visit.status, visit.inspector, visit.seat) == (VisitStatus.BOOKED, agent, 0)
    assert visit.starts_at == starts_at
    assert visit.ends_at - visit.starts_at == timedelta(hours=2)
    assert visit.booked_by == case.applicant
    assert case.holder == agent
    assert HoldEvent.objects.filter(case=case, holder=agent, actor=case.applicant).exists()
    when = when_label(visit.starts_at, visit.ends_at)
    to_applicant = sms_outbox.to(case.applicant.mobile)
    assert any("نوبت بازدید ثبت شد" in m["text"] and when in m["text"] for m in to_applicant)
    assert Notification.objects.filter(user=agent, case=case, title__contains="واگذار").exists()
    assert any(when in m["text"] for m in sms_outbox.to(agent.mobile))


def test_submitting_the_same_slot_twice_books_once(sms_outbox: Outbox) -> None:
    inspector()
    case = awaiting_visit()
    starts_at = first_free(case)

    first = book_visit(actor=case.applicant, case=case, starts_at=starts_at)
    again = book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert again.pk == first.pk
    assert Visit.objects.filter(case=case).count() == 1
    assert TransitionRecord.objects.filter(instance=case.workflow, action="book_visit").count() == 1
    booked = [m for m in sms_outbox.to(case.applicant.mobile) if "نوبت بازدید ثبت شد" in m["text"]]
    assert len(booked) == 1


def test_another_slot_once_booked_is_refused() -> None:
    inspector()
    case = awaiting_visit()
    starts_at = first_free(case)
    book_visit(actor=case.applicant, case=case, starts_at=starts_at)
    before = snapshot(case)

    with pytest.raises(ConflictError) as refused:
        book_visit(actor=case.applicant, case=case, starts_at=starts_at + timedelta(hours=2))

    assert refused.value.code == "already_booked"
    assert snapshot(case) == before


def test_booking_before_the_request_is_sent_to_the_visit_is_refused() -> None:
    inspector()
    owner = make_user()
    case = submitted(owner, owned_parcel(owner, CODES[1]))
    starts_at = first_free(case)
    before = snapshot(case)

    with pytest.raises(ConflictError) as refused:
        book_visit(actor=owner, case=case, starts_at=starts_at)

    assert refused.value.code == "not_booking"
    assert snapshot(case) == before


@pytest.mark.parametrize("shift", [timedelta(hours=1), timedelta(days=-1), timedelta(days=30)])
def test_a_time_that_is_not_an_offered_slot_is_refused(shift: timedelta) -> None:
    inspector()
    case = awaiting_visit()
    before = snapshot(case)

    with pytest.raises(ValidationError) as refused:
        book_visit(actor=case.applicant, case=case, starts_at=first_free(case) + shift)

    assert "starts_at" in refused.value.message_dict
    assert snapshot(case) == before


def test_a_full_slot_is_refused() -> None:
    agent = inspector()
    case = awaiting_visit()
    other = awaiting_visit(code=CODES[1])
    starts_at = first_free(case)
    filler(other, agent, starts_at)
    before = snapshot(case)

    with pytest.raises(ConflictError) as refused:
        book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert refused.value.code == "slot_full"
    assert snapshot(case) == before


def test_the_least_loaded_free_inspector_of_the_day_gets_the_visit() -> None:
    busy, idle = inspector(), inspector()
    case = awaiting_visit()
    other = awaiting_visit(code=CODES[1])
    starts_at = first_free(case)
    filler(other, busy, starts_at + timedelta(hours=2))  # later that day: busy has one visit

    visit = book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert visit.inspector == idle


def test_ties_go_to_the_oldest_account_and_the_lowest_seat() -> None:
    first, second = inspector(), inspector()
    case = awaiting_visit()
    starts_at = first_free(case)
    taken = occupancy([first.pk, second.pk], starts_at.date(), starts_at.date())

    assert pick_seat([first, second], taken, starts_at) == (first, 0)
    assert pick_seat([first, second], taken, starts_at, prefer=second) == (second, 0)


@override_settings(NAMA_VISIT_CAPACITY_PER_SLOT=2)
def test_a_second_seat_of_the_same_inspector_is_the_next_seat_number() -> None:
    agent = inspector()
    case = awaiting_visit()
    other = awaiting_visit(code=CODES[1])
    starts_at = first_free(case)
    filler(other, agent, starts_at, seat=0)

    visit = book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert (visit.inspector, visit.seat) == (agent, 1)


def test_staff_do_not_book_for_an_online_request() -> None:
    inspector()
    case = awaiting_visit()
    before = snapshot(case)

    with pytest.raises(ForbiddenError):
        book_visit(actor=clerk(7), case=case, starts_at=first_free(case))

    assert snapshot(case) == before


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(make_user, id="unrelated citizen"),
        pytest.param(lambda: verified(staff_member(StaffRole.DESK_CLERK, 8)), id="other district"),
    ],
)
def test_someone_who_cannot_see_the_request_is_told_it_does_not_exist(who: object) -> None:
    inspector()
    case = awaiting_visit()
    before = snapshot(case)

    with pytest.raises(NotFoundError):
        book_visit(actor=who(), case=case, starts_at=first_free(case))  # type: ignore[operator]

    assert snapshot(case) == before


def test_the_desk_clerk_books_for_a_walk_in_citizen() -> None:
    from nama.cases.constants import Channel
    from nama.cases.services import start_draft, submit_case, update_form
    from nama.cases.tests.builders import PERMIT_FORM, attach_required, in_days

    agent = inspector()
    desk = clerk(7)
    citizen = make_user()
    parcel = owned_parcel(citizen, CODES[2])
    draft = start_draft(
        actor=desk, service_code="D15", parcel=parcel, channel=Channel.COUNTER, walk_in=citizen
    )
    draft = update_form(actor=desk, case=draft, data={**PERMIT_FORM, "start_date": in_days(10)})
    attach_required(desk, draft)
    case = submit_case(actor=desk, case=draft)
    act(actor=desk, case=case, action="request_visit")

    visit = book_visit(actor=desk, case=case, starts_at=first_free(case))

    assert (visit.booked_by, visit.inspector) == (desk, agent)
    case.refresh_from_db()
    assert case.holder == agent


def test_a_seat_taken_meanwhile_is_caught_by_the_constraint_and_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nama.visits import services
    from nama.visits.slots import Occupancy

    first, second = inspector(), inspector()
    case = awaiting_visit()
    other = awaiting_visit(code=CODES[1])
    starts_at = first_free(case)
    filler(other, first, starts_at)  # committed by a concurrent booking after our first look
    looks: list[int] = []

    def stale_then_real(*args: object, **kwargs: object) -> Occupancy:
        looks.append(1)
        return Occupancy() if len(looks) == 1 else occupancy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "occupancy", stale_then_real)

    visit = book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert len(looks) == 2
    assert (visit.inspector, visit.seat) == (second, 0)
    assert Visit.objects.filter(starts_at=starts_at, inspector=first).count() == 1


def test_a_visit_marked_done_is_no_longer_the_booked_one() -> None:
    from nama.cases.facts import fact
    from nama.visits.services import mark_visited

    agent = inspector()
    case = awaiting_visit()
    assert not fact(case, "visit_booked")
    visit = book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    assert fact(case, "visit_booked")

    done = mark_visited(actor=agent, case=case)

    assert done is not None
    assert (done.pk, done.status) == (visit.pk, VisitStatus.DONE)
    assert not fact(case, "visit_booked")
    assert mark_visited(actor=agent, case=case) is None


def test_without_inspectors_the_refusal_says_why() -> None:
    case = awaiting_visit()
    starts_at = first_free_for_anyone(case)

    with pytest.raises(ValidationError) as refused:
        book_visit(actor=case.applicant, case=case, starts_at=starts_at)

    assert "مامور بازدیدی تعریف نشده" in refused.value.message_dict["starts_at"][0]
    assert not Visit.objects.filter(case=case).exists()


def first_free_for_anyone(case: Case) -> datetime:
    """A slot that would be offered if the district had an inspector."""
    agent = inspector()
    starts_at = first_free(case)
    agent.delete()
    return starts_at


def test_an_inspector_reads_their_own_day_in_time_order() -> None:
    from nama.visits.selectors import inspector_day

    agent, colleague = inspector(), inspector()
    case = awaiting_visit()
    other = awaiting_visit(code=CODES[1])
    starts_at = first_free(case)
    theirs = filler(other, agent, starts_at + timedelta(hours=4))  # agent is busier that day
    visit = book_visit(actor=case.applicant, case=case, starts_at=starts_at)
    later = filler(other, colleague, starts_at + timedelta(hours=2))

    assert visit.inspector == colleague
    assert inspector_day(colleague, starts_at.date()) == [visit, later]
    assert inspector_day(agent, starts_at.date()) == [theirs]
    assert inspector_day(colleague, starts_at.date() + timedelta(days=1)) == []
