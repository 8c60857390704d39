"""Workflow definitions as data: their schema, how patterns expand, and validation on load.

A definition (YAML in ``nama/workflow/data/`` or edited in the admin) names states,
transitions between them, the roles that act, named guards and effects, and the inputs an
action needs. ``load_definition`` turns raw data into a ``Definition`` or raises
``DefinitionError`` listing every problem found, each with where it is.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nama.workflow import registry
from nama.workflow.roles import ACTOR_ROLES, STAFF_ROLES

CODE_PATTERN = r"^[a-z][a-z0-9_]{1,49}$"


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` says what and where, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class InputDef(_Strict):
    """Something an actor must (or may) give when taking an action."""

    name: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=1)
    kind: Literal["text", "choice", "number", "date", "yes_no", "fields", "documents"] = "text"
    required: bool = True
    choices: list[str] = Field(default_factory=list)


class StateDef(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=1)
    # What the applicant sees while the request is here (defaults to ``label``).
    citizen_label: str = ""
    # Who acts in this state: a staff role, "applicant" or "system"; empty for terminal states.
    role: str = ""
    deadline_days: int | None = Field(default=None, ge=0, le=365)
    terminal: bool = False
    outcome: Literal["", "approved", "rejected", "withdrawn", "cancelled"] = ""


class TransitionDef(_Strict):
    action: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=1)
    source: list[str] = Field(alias="from", min_length=1)
    target: str = Field(alias="to")
    roles: list[str] = Field(min_length=1)
    guards: list[str] = Field(default_factory=list)
    effects: list[str] = Field(default_factory=list)
    inputs: list[InputDef] = Field(default_factory=list)
    # Asks "are you sure?" in the UI (irreversible steps).
    confirm: bool = False

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class PatternUse(_Strict):
    use: str
    params: dict[str, Any] = Field(default_factory=dict)


class Definition(_Strict):
    """A validated workflow; immutable once loaded."""

    code: str = Field(pattern=CODE_PATTERN)
    title: str = Field(min_length=1)
    description: str = ""
    start: str
    states: list[StateDef] = Field(min_length=2)
    transitions: list[TransitionDef] = Field(default_factory=list)

    def state(self, code: str) -> StateDef:
        return next(state for state in self.states if state.code == code)

    def transitions_from(self, state: str) -> list[TransitionDef]:
        return [t for t in self.transitions if state in t.source]

    def transition(self, state: str, action: str) -> TransitionDef | None:
        return next((t for t in self.transitions_from(state) if t.action == action), None)


class _RawDefinition(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    title: str = Field(min_length=1)
    description: str = ""
    start: str
    states: list[StateDef] = Field(min_length=1)
    transitions: list[TransitionDef] = Field(default_factory=list)
    patterns: list[PatternUse] = Field(default_factory=list)


def _pydantic_problems(error: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in item['loc']) or 'definition'}: {item['msg']}"
        for item in error.errors()
    ]


def _expand_patterns(raw: _RawDefinition) -> tuple[list[StateDef], list[TransitionDef], list[str]]:
    states, transitions, problems = list(raw.states), list(raw.transitions), []
    for index, use in enumerate(raw.patterns):
        pattern = registry.patterns.get(use.use)
        if pattern is None:
            problems.append(f"patterns[{index}]: unknown pattern {use.use!r}")
            continue
        try:
            added_states, added_transitions = pattern(states, use.params)
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"patterns[{index}] ({use.use}): {error}")
            continue
        known = {state.code for state in states}
        states += [state for state in added_states if state.code not in known]
        transitions += added_transitions
    return states, transitions, problems


def load_definition(data: Any) -> Definition:
    """Validate raw data (parsed YAML/JSON) into a ``Definition``; raise ``DefinitionError``."""
    try:
        raw = _RawDefinition.model_validate(data)
    except ValidationError as error:
        raise DefinitionError(_pydantic_problems(error)) from error
    states, transitions, problems = _expand_patterns(raw)
    try:
        definition = Definition(
            code=raw.code,
            title=raw.title,
            description=raw.description,
            start=raw.start,
            states=states,
            transitions=transitions,
        )
    except ValidationError as error:
        raise DefinitionError(problems + _pydantic_problems(error)) from error
    problems += semantic_problems(definition)
    if problems:
        raise DefinitionError(problems)
    return definition


def semantic_problems(definition: Definition) -> list[str]:
    """Everything wrong with a structurally valid definition (empty list: usable)."""
    return [
        *_state_problems(definition),
        *_transition_problems(definition),
        *_graph_problems(definition),
    ]


def _state_problems(definition: Definition) -> list[str]:
    problems, seen = [], set()
    for state in definition.states:
        where = f"state {state.code!r}"
        if state.code in seen:
            problems.append(f"{where}: defined twice")
        seen.add(state.code)
        if state.terminal and state.role:
            problems.append(f"{where}: a terminal state has no acting role")
        if not state.terminal and state.role not in ACTOR_ROLES:
            problems.append(f"{where}: unknown role {state.role!r}")
        if state.terminal and not state.outcome:
            problems.append(f"{where}: a terminal state needs an outcome")
    if definition.start not in seen:
        problems.append(f"start: unknown state {definition.start!r}")
    return problems


def _transition_problems(definition: Definition) -> list[str]:
    states = {state.code: state for state in definition.states}
    problems, seen = [], set()
    for transition in definition.transitions:
        where = f"action {transition.action!r}"
        for source in transition.source:
            if source not in states:
                problems.append(f"{where}: unknown source state {source!r}")
            elif states[source].terminal:
                problems.append(f"{where}: leaves terminal state {source!r}")
            else:
                problems += _role_fit(where, transition, states[source])
            if (source, transition.action) in seen:
                problems.append(f"{where}: defined twice from state {source!r}")
            seen.add((source, transition.action))
        if transition.target not in states:
            problems.append(f"{where}: unknown target state {transition.target!r}")
        problems += [
            f"{where}: unknown role {r!r}" for r in transition.roles if r not in ACTOR_ROLES
        ]
        problems += [
            f"{where}: unknown guard {g!r}" for g in transition.guards if g not in registry.guards
        ]
        problems += [
            f"{where}: unknown effect {e!r}"
            for e in transition.effects
            if e not in registry.effects
        ]
        names = [item.name for item in transition.inputs]
        if len(names) != len(set(names)):
            problems.append(f"{where}: an input name is used twice")
    return problems


def _role_fit(where: str, transition: TransitionDef, source: StateDef) -> list[str]:
    """In a state a staff role acts in, no other staff role may act (applicants may)."""
    if source.role not in STAFF_ROLES:
        return []
    strangers = sorted(set(transition.roles) & STAFF_ROLES - {source.role})
    return [
        f"{where}: role {role!r} cannot act in state {source.code!r}, where {source.role!r} acts"
        for role in strangers
    ]


def _reachable(definition: Definition) -> set[str]:
    reached, queue = {definition.start}, deque([definition.start])
    while queue:
        for transition in definition.transitions_from(queue.popleft()):
            if transition.target not in reached:
                reached.add(transition.target)
                queue.append(transition.target)
    return reached


def _can_finish(definition: Definition) -> set[str]:
    """States from which some path reaches a terminal state."""
    done = {state.code for state in definition.states if state.terminal}
    changed = True
    while changed:
        changed = False
        for transition in definition.transitions:
            if transition.target in done:
                new = set(transition.source) - done
                done |= new
                changed = changed or bool(new)
    return done


def _graph_problems(definition: Definition) -> list[str]:
    codes = {state.code for state in definition.states}
    if definition.start not in codes:
        return []
    reached = _reachable(definition)
    problems = [
        f"state {code!r}: not reachable from {definition.start!r}"
        for code in sorted(codes - reached)
    ]
    finishing = _can_finish(definition)
    for state in definition.states:
        if not state.terminal and not definition.transitions_from(state.code):
            problems.append(f"state {state.code!r}: not terminal but has no way out")
        elif not state.terminal and state.code not in finishing:
            problems.append(f"state {state.code!r}: no path from it reaches a terminal state")
    if not any(state.terminal for state in definition.states):
        problems.append("definition: no terminal state")
    return problems
