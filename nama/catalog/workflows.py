"""What the catalogue needs from the workflow app, in one place.

A request names a workflow by code; the service version binds the workflow version in force
when it is published. The *steps* a citizen is shown, and the staff time the service-level
target is checked against, come from the workflow's **main path**: the fewest transitions
from the start to a terminal state with outcome ``approved`` (ties: the definition's order).
Detours — corrections, Article 100, disputes — are not on it.

The workflow app has no selector for "the latest version of each code" yet, so the one query
on its model is kept here, to move there when it has one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.db.models import OuterRef, Subquery

from nama.workflow.definitions import Definition, DefinitionError, StateDef, load_definition
from nama.workflow.engine import definition_of
from nama.workflow.files import DATA_DIR as WORKFLOW_DATA_DIR
from nama.workflow.files import read_file as read_workflow_file
from nama.workflow.models import WorkflowDefinition
from nama.workflow.roles import APPLICANT, ROLE_LABELS

APPROVED = "approved"

# A workflow as validation sees it: its definition, or the problems that make it unusable.
Loaded = Definition | DefinitionError


@dataclass(frozen=True)
class Step:
    """One state of the main path, as the citizen's page and the API show it."""

    code: str
    label: str
    citizen_label: str
    role: str
    role_label: str
    deadline_days: int | None
    by_applicant: bool
    final: bool


def main_path(definition: Definition) -> list[StateDef] | None:
    """The states from the start to the nearest approved terminal state, or None."""
    parents: dict[str, str | None] = {definition.start: None}
    queue = deque([definition.start])
    while queue:
        code = queue.popleft()
        state = definition.state(code)
        if state.terminal and state.outcome == APPROVED:
            return _walk_back(definition, parents, code)
        for transition in definition.transitions_from(code):
            if transition.target not in parents:
                parents[transition.target] = code
                queue.append(transition.target)
    return None


def _walk_back(definition: Definition, parents: dict[str, str | None], last: str) -> list[StateDef]:
    codes: list[str] = []
    current: str | None = last
    while current is not None:
        codes.append(current)
        current = parents[current]
    return [definition.state(code) for code in reversed(codes)]


def staff_days(path: list[StateDef]) -> list[tuple[str, int]]:
    """(state, deadline) of each state on the path where the municipality, not the
    applicant, has the request — the time a service-level target must cover."""
    return [
        (state.code, state.deadline_days or 0)
        for state in path
        if not state.terminal and state.role != APPLICANT
    ]


def steps_of(definition: Definition) -> list[Step]:
    """The main path as steps with Persian labels (empty if there is none)."""
    return [
        Step(
            code=state.code,
            label=state.label,
            citizen_label=state.citizen_label or state.label,
            role=state.role,
            role_label=ROLE_LABELS.get(state.role, ""),
            deadline_days=state.deadline_days,
            by_applicant=state.role == APPLICANT,
            final=state.terminal,
        )
        for state in main_path(definition) or []
    ]


def published_workflows() -> dict[str, WorkflowDefinition]:
    """The latest published version of every workflow code."""
    latest = (
        WorkflowDefinition.objects.filter(code=OuterRef("code"))
        .order_by("-version")
        .values("version")[:1]
    )
    versions = WorkflowDefinition.objects.filter(version=Subquery(latest))
    return {version.code: version for version in versions}


def load_published(versions: dict[str, WorkflowDefinition]) -> dict[str, Loaded]:
    loaded: dict[str, Loaded] = {}
    for code, version in versions.items():
        try:
            loaded[code] = definition_of(version)
        except DefinitionError as error:
            loaded[code] = error
    return loaded


def load_files(directory: Path = WORKFLOW_DATA_DIR) -> dict[str, Loaded]:
    """The workflow files as ``sync`` would publish them, keyed by code (= file name)."""
    loaded: dict[str, Loaded] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            loaded[path.stem] = load_definition(read_workflow_file(path))
        except DefinitionError as error:
            loaded[path.stem] = error
    return loaded


def step_definition(version: WorkflowDefinition) -> Definition | None:
    """The parsed definition of a stored version, or None if it no longer validates."""
    try:
        return definition_of(version)
    except DefinitionError:
        return None
