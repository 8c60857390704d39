"""The engine at run time: roles per district, guards, inputs, history, effects, conflicts —
and refusals that change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import district, make_user, staff_member, verified
from nama.core.problems import ConflictError, ForbiddenError
from nama.workflow.engine import (
    GuardRefusedError,
    available_actions,
    perform_action,
    publish_definition,
)
from nama.workflow.models import Rehearsal, TransitionRecord, WorkflowInstance
from nama.workflow.tests.helpers import ALL_FACTS, published, rehearse, small_definition

pytestmark = pytest.mark.django_db


def _snapshot(instance: WorkflowInstance) -> tuple[object, ...]:
    fresh = WorkflowInstance.objects.get(pk=instance.pk)
    return (fresh.state, fresh.step, fresh.state_due_at, TransitionRecord.objects.count())


@pytest.fixture
def applicant() -> User:
    return make_user()


@pytest.fixture
def clerk7() -> User:
    return verified(staff_member(StaffRole.DESK_CLERK, 7))


def test_starting_records_step_zero_and_the_first_deadline(applicant: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    assert instance.state == "check"
    assert instance.acting_role == "desk_clerk"
    assert instance.state_due_at is not None
    assert instance.state_due_at > instance.state_entered_at
    assert list(instance.history.values_list("step", "action", "to_state")) == [
        (0, "start", "check")
    ]


def test_the_responsible_clerk_moves_the_request_and_it_is_recorded(
    applicant: User, clerk7: User, django_capture_on_commit_callbacks: object
) -> None:
    subject, instance = rehearse(published(), applicant, district(7))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        record = perform_action(
            instance_id=instance.pk, action="accept", actor=clerk7, comment=" مدارک کامل است "
        )
    instance.refresh_from_db()
    assert (instance.state, instance.step, instance.acting_role) == (
        "review",
        1,
        "planning_officer",
    )
    assert (record.from_state, record.to_state, record.actor_role) == (
        "check",
        "review",
        "desk_clerk",
    )
    assert record.comment == "مدارک کامل است"
    subject.refresh_from_db()
    assert subject.effects_log == [{"effect": "notify_next_role", "step": 1}]


@pytest.mark.parametrize(
    "who",
    [
        "clerk_of_district_8",
        "planner_of_district_7",
        "applicant",
        "unrelated_citizen",
        "unverified",
    ],
)
def test_everyone_else_is_refused_and_nothing_changes(applicant: User, who: str) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    makers: dict[str, Callable[[], User]] = {
        "clerk_of_district_8": lambda: verified(staff_member(StaffRole.DESK_CLERK, 8)),
        "planner_of_district_7": lambda: verified(staff_member(StaffRole.PLANNING_OFFICER, 7)),
        "applicant": lambda: applicant,
        "unrelated_citizen": make_user,
        "unverified": lambda: staff_member(StaffRole.DESK_CLERK, 7),
    }
    actor = makers[who]()
    before = _snapshot(instance)
    with pytest.raises(ForbiddenError):
        perform_action(instance_id=instance.pk, action="accept", actor=actor)
    assert _snapshot(instance) == before
    assert available_actions(instance=instance, actor=actor) == [] or who == "applicant"


def test_a_failing_guard_gives_its_persian_reason_and_changes_nothing(
    applicant: User, clerk7: User
) -> None:
    _subject, instance = rehearse(
        published(), applicant, district(7), facts={**ALL_FACTS, "documents_complete": False}
    )
    before = _snapshot(instance)
    with pytest.raises(GuardRefusedError) as refused:
        perform_action(instance_id=instance.pk, action="accept", actor=clerk7)
    assert refused.value.detail == "همه مدارک الزامی بارگذاری و تأیید نشده‌اند."
    assert _snapshot(instance) == before
    assert "accept" not in [a.action for a in available_actions(instance=instance, actor=clerk7)]


def test_required_inputs_are_checked_and_unknown_ones_refused(
    applicant: User, clerk7: User
) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    before = _snapshot(instance)
    with pytest.raises(ValidationError) as refused:
        perform_action(
            instance_id=instance.pk,
            action="return_for_correction",
            actor=clerk7,
            inputs={"fields": ["area"], "colour": "blue"},
        )
    assert refused.value.message_dict == {
        "reason": ["این مورد الزامی است."],
        "colour": ["این مورد برای این اقدام پذیرفته نیست."],
    }
    assert _snapshot(instance) == before
    record = perform_action(
        instance_id=instance.pk,
        action="return_for_correction",
        actor=clerk7,
        inputs={"reason": "سند ناخوانا است", "documents": ["deed", "deed"]},
    )
    assert record.inputs == {"reason": "سند ناخوانا است", "documents": ["deed"]}


def test_the_applicant_resubmits_after_correction(applicant: User, clerk7: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    perform_action(
        instance_id=instance.pk,
        action="return_for_correction",
        actor=clerk7,
        inputs={"reason": "نقشه امضا ندارد"},
    )
    instance.refresh_from_db()
    assert [a.action for a in available_actions(instance=instance, actor=applicant)] == [
        "resubmit",
        "withdraw",
    ]
    perform_action(instance_id=instance.pk, action="resubmit", actor=applicant)
    instance.refresh_from_db()
    assert instance.state == "check"


def test_a_representative_acts_as_the_applicant_only_through_the_subject(
    applicant: User,
) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    with pytest.raises(ForbiddenError):
        perform_action(instance_id=instance.pk, action="withdraw", actor=make_user())
    perform_action(instance_id=instance.pk, action="withdraw", actor=applicant)
    instance.refresh_from_db()
    assert (instance.state, instance.outcome, instance.acting_role) == (
        "withdrawn",
        "withdrawn",
        "",
    )
    assert instance.finished_at is not None
    assert instance.state_due_at is None


def test_a_stale_page_gets_a_conflict(applicant: User, clerk7: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    perform_action(instance_id=instance.pk, action="accept", actor=clerk7, expected_step=0)
    with pytest.raises(ConflictError) as refused:
        perform_action(instance_id=instance.pk, action="reject", actor=clerk7, expected_step=0)
    assert refused.value.code == "changed_meanwhile"


def test_an_action_from_another_state_is_a_conflict(applicant: User, clerk7: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    with pytest.raises(ConflictError) as refused:
        perform_action(instance_id=instance.pk, action="sign", actor=clerk7)
    assert refused.value.code == "action_not_available"


def test_city_wide_roles_do_not_act_in_district_states(applicant: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    admin = verified(staff_member(StaffRole.SYSTEM_ADMIN))
    assert available_actions(instance=instance, actor=admin) == []


def test_a_published_version_is_never_changed_under_running_instances(
    applicant: User, clerk7: User
) -> None:
    first = published()
    assert published() == first  # identical data: the same version
    _subject, instance = rehearse(first, applicant, district(7))
    changed = small_definition(title="مجوز آزمایشی (ویرایش ۲)")
    second = publish_definition(data=changed, actor=None)
    assert (first.version, second.version) == (1, 2)
    perform_action(instance_id=instance.pk, action="accept", actor=clerk7)
    instance.refresh_from_db()
    assert instance.definition_id == first.pk


def test_history_is_append_only(applicant: User) -> None:
    _subject, instance = rehearse(published(), applicant, district(7))
    record = instance.history.get()
    record.comment = "changed"
    with pytest.raises(ValueError, match="append-only"):
        record.save()


def test_a_rehearsal_runs_each_effect_once_per_step(applicant: User) -> None:
    subject = Rehearsal.objects.create(title="x", applicant=applicant)
    _rehearsal, instance = rehearse(published(), applicant, district(7))
    record = instance.history.get()
    subject.workflow_effect("notify_applicant", record)
    subject.workflow_effect("notify_applicant", record)
    subject.refresh_from_db()
    assert subject.effects_log == [{"effect": "notify_applicant", "step": 0}]
