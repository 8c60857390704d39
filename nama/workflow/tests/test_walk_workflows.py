"""Every repository workflow walked from its start to each of its terminal states, random
action sequences that never break an invariant, and two people acting at the same moment."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import district, make_user, staff_member, verified
from nama.core.problems import ApiError
from nama.workflow.definitions import Definition, InputDef, TransitionDef
from nama.workflow.engine import available_actions, definition_of, perform_action
from nama.workflow.files import DATA_DIR, read_file
from nama.workflow.models import TransitionRecord, WorkflowInstance
from nama.workflow.roles import APPLICANT, SYSTEM
from nama.workflow.tests.helpers import ALL_FACTS, published, rehearse

WORKFLOW_FILES = sorted(path.stem for path in DATA_DIR.glob("*.yaml"))
SAMPLE_VALUES = {"text": "توضیح آزمایشی", "number": 12, "date": "1405/02/10", "yes_no": True}


def _value(item: InputDef) -> Any:
    if item.kind == "choice":
        return item.choices[0]
    if item.kind in {"fields", "documents"}:
        return ["deed"]
    return SAMPLE_VALUES[item.kind]


def _inputs(transition: TransitionDef) -> dict[str, Any]:
    return {item.name: _value(item) for item in transition.inputs}


def _path_to(definition: Definition, goal: str) -> list[TransitionDef]:
    """The shortest sequence of transitions from the start to ``goal``."""
    paths: dict[str, list[TransitionDef]] = {definition.start: []}
    queue = deque([definition.start])
    while queue:
        state = queue.popleft()
        for transition in definition.transitions_from(state):
            if transition.target not in paths:
                paths[transition.target] = [*paths[state], transition]
                queue.append(transition.target)
    return paths[goal]


class Cast:
    """One person for every role of District 7, the applicant, and a stranger."""

    def __init__(self) -> None:
        self.applicant = make_user()
        self.stranger = make_user()
        self.staff = {
            role.value: verified(staff_member(role, 7))
            for role in StaffRole
            if role not in {StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN}
        }

    def for_role(self, role: str) -> User | None:
        if role == APPLICANT:
            return self.applicant
        if role == SYSTEM:
            return None
        return self.staff[role]

    def everyone(self) -> list[User | None]:
        return [self.applicant, self.stranger, None, *self.staff.values()]


def _terminal_walks() -> list[tuple[str, str]]:
    from nama.workflow.definitions import load_definition

    walks = []
    for code in WORKFLOW_FILES:
        definition = load_definition(read_file(DATA_DIR / f"{code}.yaml"))
        walks += [(code, state.code) for state in definition.states if state.terminal]
    return walks


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "terminal"), _terminal_walks())
def test_each_workflow_reaches_each_terminal_state(code: str, terminal: str) -> None:
    cast = Cast()
    version = published(read_file(DATA_DIR / f"{code}.yaml"))
    definition = definition_of(version)
    _subject, instance = rehearse(version, cast.applicant, district(7))
    for transition in _path_to(definition, terminal):
        actor = cast.for_role(transition.roles[0])
        perform_action(
            instance_id=instance.pk,
            action=transition.action,
            actor=actor,
            inputs=_inputs(transition),
        )
    instance.refresh_from_db()
    assert instance.state == terminal
    assert instance.outcome == definition.state(terminal).outcome
    assert instance.finished_at is not None
    assert all(available_actions(instance=instance, actor=who) == [] for who in cast.everyone())


def _check_invariants(instance: WorkflowInstance, definition: Definition) -> None:
    state = definition.state(instance.state)
    assert instance.acting_role == state.role
    assert TransitionRecord.objects.filter(instance=instance).count() == instance.step + 1
    last = TransitionRecord.objects.filter(instance=instance).order_by("-step").first()
    assert last is not None
    assert last.to_state == instance.state
    assert (instance.finished_at is not None) == state.terminal
    assert (instance.state_due_at is not None) == (state.deadline_days is not None)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    code=st.sampled_from(WORKFLOW_FILES),
    facts=st.fixed_dictionaries({name: st.booleans() for name in ALL_FACTS}),
    moves=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=25),
)
def test_random_actions_never_break_an_invariant(
    code: str, facts: dict[str, bool], moves: list[tuple[int, int]]
) -> None:
    cast = Cast()
    version = published(read_file(DATA_DIR / f"{code}.yaml"))
    definition = definition_of(version)
    _subject, instance = rehearse(version, cast.applicant, district(7), facts=facts)
    people = cast.everyone()
    for action_pick, actor_pick in moves:
        transition = definition.transitions[action_pick % len(definition.transitions)]
        actor = people[actor_pick % len(people)]
        before = (instance.state, instance.step)
        offered = {a.action for a in available_actions(instance=instance, actor=actor)}
        try:
            perform_action(
                instance_id=instance.pk,
                action=transition.action,
                actor=actor,
                inputs=_inputs(transition),
            )
            accepted = True
        except (ApiError, ValidationError):
            accepted = False
        instance.refresh_from_db()
        # What the engine accepts is exactly what it offered (the UI never shows a dead button).
        assert accepted == (transition.action in offered)
        if not accepted:
            assert (instance.state, instance.step) == before
        _check_invariants(instance, definition)


@pytest.mark.django_db(transaction=True)
def test_two_clerks_acting_at_once_exactly_one_wins() -> None:
    cast = Cast()
    second_clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    _subject, instance = rehearse(published(), cast.applicant, district(7))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(actor: User, action: str) -> None:
        barrier.wait()
        try:
            perform_action(
                instance_id=instance.pk,
                action=action,
                actor=actor,
                inputs=({"reason": "ناقص"} if action == "reject" else {}),
            )
            outcomes.append("ok")
        except ApiError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(cast.staff["desk_clerk"], "accept")),
        threading.Thread(target=act, args=(second_clerk, "accept")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["action_not_available", "ok"]
    instance.refresh_from_db()
    assert instance.step == 1
    assert TransitionRecord.objects.filter(instance=instance).count() == 2
