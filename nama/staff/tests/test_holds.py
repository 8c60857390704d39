"""Who works on a request: claim, release, assign, bulk reassignment, the system's hand-over
and take-back; one person at a time, every change recorded, refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.constants import StaffRole
from nama.cases.models import Notification
from nama.cases.services import act
from nama.core.problems import ConflictError, ForbiddenError
from nama.staff.models import HoldAction, HoldEvent
from nama.staff.selectors import colleagues
from nama.staff.services import assign, bulk_reassign, claim, hand_to, release, take_back
from nama.staff.tests.factories import hold_snapshot, member, online_request, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _events(case: Any) -> list[tuple[str, int | None, int | None]]:
    return [(e.action, e.holder_id, e.actor_id) for e in HoldEvent.objects.filter(case=case)]


def test_claim_then_a_colleague_is_refused_and_nothing_changes() -> None:
    case = online_request()
    first, second = member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)
    claimed = claim(actor=first, case=case)
    assert (claimed.holder_id, claimed.held_since is not None) == (first.pk, True)
    assert claim(actor=first, case=case).held_since == claimed.held_since  # again: no change
    before = hold_snapshot(case)
    with pytest.raises(ConflictError) as refused:
        claim(actor=second, case=case)
    assert refused.value.code == "held_by_other"
    assert first.display_name in refused.value.detail
    assert hold_snapshot(case) == before
    assert _events(case) == [(HoldAction.CLAIM, first.pk, first.pk)]


def test_another_role_cannot_claim() -> None:
    case = online_request()
    before = hold_snapshot(case)
    with pytest.raises(ForbiddenError) as refused:
        claim(actor=member(StaffRole.PLANNING_OFFICER), case=case)
    assert refused.value.code == "not_your_step"
    assert hold_snapshot(case) == before
    assert not HoldEvent.objects.exists()


def test_release_by_the_holder_or_a_manager_only() -> None:
    case = online_request()
    holder, colleague = member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)
    claim(actor=holder, case=case)
    before = hold_snapshot(case)
    with pytest.raises(ConflictError):
        release(actor=colleague, case=case)
    with pytest.raises(ForbiddenError):
        release(actor=member(StaffRole.VISIT_AGENT), case=case)
    assert hold_snapshot(case) == before
    release(actor=member(StaffRole.DISTRICT_MANAGER), case=case, reason="مرخصی")
    assert refreshed(case).holder is None
    claim(actor=colleague, case=case)
    assert release(actor=colleague, case=case).holder is None
    assert [event[0] for event in _events(case)] == ["claim", "release", "claim", "release"]


def test_assign_to_a_colleague_tells_them_with_the_step_name(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = online_request()
    clerk, colleague = member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)
    with django_capture_on_commit_callbacks(execute=True):
        assign(actor=clerk, case=case, to=colleague, reason="پرونده مشابه را دارد")
        claim(actor=clerk, case=online_request())  # taking one yourself tells nobody
    assert refreshed(case).holder_id == colleague.pk
    note = Notification.objects.get(user=colleague, event_key__contains=":hold:")
    assert "بررسی مدارک در پیشخوان" in note.body
    assert not Notification.objects.filter(user=clerk, event_key__contains=":hold:").exists()
    assert "desk_clerk" not in note.body


def test_assign_refuses_someone_without_the_role_or_district(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    before = hold_snapshot(case)
    for outsider in (member(StaffRole.VISIT_AGENT), member(StaffRole.DESK_CLERK, 8)):
        with (
            pytest.raises(ValidationError) as refused,
            django_capture_on_commit_callbacks(execute=True),
        ):
            assign(actor=clerk, case=case, to=outsider)
        assert "to" in refused.value.message_dict
    assert hold_snapshot(case) == before
    assert not Notification.objects.filter(event_key__contains=":hold:").exists()


def test_a_holder_hands_on_a_manager_moves_anyones() -> None:
    case = online_request()
    holder, colleague, third = (member(StaffRole.DESK_CLERK) for _ in range(3))
    claim(actor=holder, case=case)
    with pytest.raises(ConflictError):
        assign(actor=colleague, case=case, to=third)
    assign(actor=holder, case=case, to=colleague)
    assign(actor=member(StaffRole.DISTRICT_MANAGER), case=case, to=third, reason="توزیع کار")
    assert refreshed(case).holder_id == third.pk
    assert {m.pk for m in colleagues(case)} == {holder.pk, colleague.pk, third.pk}


def test_bulk_reassign_is_all_or_nothing_and_for_managers() -> None:
    cases = [online_request(), online_request()]
    manager, colleague = member(StaffRole.DISTRICT_MANAGER), member(StaffRole.DESK_CLERK)
    clerk = member(StaffRole.DESK_CLERK)
    with pytest.raises(ForbiddenError):
        bulk_reassign(actor=clerk, cases=cases, to=colleague, reason="x")
    with pytest.raises(ValidationError):
        bulk_reassign(actor=manager, cases=cases, to=colleague, reason=" ")
    act(actor=clerk, case=cases[1], action="request_visit")  # no longer at the desk
    with pytest.raises(ValidationError):
        bulk_reassign(actor=manager, cases=cases, to=colleague, reason="توزیع")
    assert refreshed(cases[0]).holder is None
    assert not HoldEvent.objects.exists()
    moved = bulk_reassign(actor=manager, cases=cases[:1], to=colleague, reason="توزیع")
    assert (moved, refreshed(cases[0]).holder_id) == (1, colleague.pk)


def test_a_step_releases_the_hold() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    claim(actor=clerk, case=case)
    act(actor=clerk, case=case, action="request_visit")
    assert refreshed(case).holder is None


def test_the_system_hands_over_and_takes_back() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    hand_to(case=case, holder=clerk, actor=None, reason="نوبت بازدید")
    hand_to(case=case, holder=clerk, actor=None)  # again: nothing new
    assert take_back(case=case, reason="گذشت مهلت") is True
    assert take_back(case=case, reason="گذشت مهلت") is False
    assert _events(case) == [("assign", clerk.pk, None), ("escalate", None, None)]
    assert refreshed(case).holder is None
