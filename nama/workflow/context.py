"""What guards and effects see, and what a workflow's subject must offer the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from nama.accounts.models import User
    from nama.workflow.definitions import Definition, TransitionDef
    from nama.workflow.models import TransitionRecord, WorkflowInstance


@runtime_checkable
class WorkflowSubject(Protocol):
    """The object a workflow runs for (a citizen's request). The engine asks it three things:

    - who counts as the applicant (the owner, the applicant, a valid representative);
    - facts the built-in guards need (documents complete, fees paid …), by name;
    - to carry out the built-in effects it owns (notify, schedule a visit …), by name.
    """

    pk: Any

    def workflow_is_applicant(self, user: User) -> bool: ...

    def workflow_fact(self, name: str) -> bool: ...

    def workflow_effect(self, name: str, record: TransitionRecord) -> None: ...


@dataclass(frozen=True)
class GuardContext:
    instance: WorkflowInstance
    definition: Definition
    transition: TransitionDef
    subject: WorkflowSubject
    actor: User | None
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EffectContext:
    instance: WorkflowInstance
    record: TransitionRecord
    subject: WorkflowSubject
