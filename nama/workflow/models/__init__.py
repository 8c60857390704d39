"""The workflow app's models: the engine's definitions, instances and history, and the
working calendar."""

from nama.workflow.models.calendar import Closure, WorkingWeek
from nama.workflow.models.engine import TransitionRecord, WorkflowDefinition, WorkflowInstance
from nama.workflow.models.rehearsal import Rehearsal

__all__ = [
    "Closure",
    "Rehearsal",
    "TransitionRecord",
    "WorkflowDefinition",
    "WorkflowInstance",
    "WorkingWeek",
]
