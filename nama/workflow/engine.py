"""The workflow engine: start a workflow for a subject, list what a user may do, perform it.

Every change goes through ``perform_action``: it locks the instance, checks the action exists
from the current state, the actor's role in the instance's district, the guards and the
inputs, then records the step and moves the instance in one transaction; effects run after
commit as background tasks. Two people acting at once: the second finds the state changed
and gets a ``ConflictError`` — never a half-applied step.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from nama.accounts.authz import has_role
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.core.problems import ApiError, ConflictError, ForbiddenError
from nama.districts.models import District
from nama.workflow import registry
from nama.workflow.calendar import add_working_days
from nama.workflow.context import GuardContext, WorkflowSubject
from nama.workflow.definitions import Definition, StateDef, TransitionDef, load_definition
from nama.workflow.inputs import clean_inputs
from nama.workflow.models import TransitionRecord, WorkflowDefinition, WorkflowInstance
from nama.workflow.models.engine import DefinitionSource
from nama.workflow.roles import APPLICANT, SYSTEM

START_ACTION = "start"


class GuardRefusedError(ApiError):
    status, code, title = 409, "guard_refused", "Conflict"


@dataclass(frozen=True)
class AvailableAction:
    """An action the user may take now, as the UI shows it."""

    action: str
    label: str
    role: str
    inputs: list[Any]
    confirm: bool


# --- Definitions --------------------------------------------------------------------------


def checksum(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def publish_definition(
    *,
    data: dict[str, Any],
    actor: User | None,
    source: DefinitionSource = DefinitionSource.FILE,
) -> WorkflowDefinition:
    """Store ``data`` as the next version of its workflow; return the latest if identical.

    Raises ``DefinitionError`` (nothing stored) when the definition does not validate.
    """
    definition = load_definition(data)
    digest = checksum(data)
    with transaction.atomic():
        latest = (
            WorkflowDefinition.objects.select_for_update()
            .filter(code=definition.code)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.checksum == digest:
            return latest
        return WorkflowDefinition.objects.create(
            code=definition.code,
            version=(latest.version + 1) if latest else 1,
            title=definition.title,
            body=data,
            checksum=digest,
            source=source,
            created_by=actor,
        )


# Parsed definitions by (version id, checksum). A stored version never changes, so this
# per-process cache can never be stale; it only saves re-validating on every request.
_PARSED: dict[tuple[int, str], Definition] = {}


def definition_of(version: WorkflowDefinition) -> Definition:
    """The validated definition of a stored version (parsed once per process)."""
    key = (version.pk, version.checksum)
    if key not in _PARSED:
        _PARSED[key] = load_definition(version.body)
    return _PARSED[key]


# --- Running --------------------------------------------------------------------------------


def _deadline(state: StateDef, now: Any) -> Any:
    return add_working_days(now, state.deadline_days) if state.deadline_days is not None else None


def _enter(instance: WorkflowInstance, state: StateDef, now: Any) -> None:
    instance.state = state.code
    instance.acting_role = state.role
    instance.state_entered_at = now
    instance.state_due_at = _deadline(state, now)
    instance.finished_at = now if state.terminal else None
    instance.outcome = state.outcome


def start_workflow(
    *,
    version: WorkflowDefinition,
    subject: models.Model,
    district: District,
    actor: User | None,
    actor_role: str = APPLICANT,
) -> WorkflowInstance:
    """Start ``version`` for ``subject`` in ``district``; the caller's transaction holds it.

    ``actor_role`` is recorded on the first step: the applicant online, a desk clerk's role
    for a counter request; with no actor it is the system.
    """
    definition = definition_of(version)
    now = timezone.now()
    with transaction.atomic():
        instance = WorkflowInstance(
            definition=version,
            district=district,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
        )
        _enter(instance, definition.state(definition.start), now)
        instance.save()
        TransitionRecord.objects.create(
            instance=instance,
            step=0,
            action=START_ACTION,
            to_state=definition.start,
            actor=actor,
            actor_role=actor_role if actor else SYSTEM,
            at=now,
        )
    return instance


def _subject(instance: WorkflowInstance) -> WorkflowSubject:
    subject = instance.subject
    if not isinstance(subject, WorkflowSubject):
        raise TypeError(f"{type(subject).__name__} does not implement WorkflowSubject")
    return subject


def acting_role(
    transition: TransitionDef,
    instance: WorkflowInstance,
    subject: WorkflowSubject,
    actor: User | None,
) -> str | None:
    """The role in which ``actor`` may take ``transition`` here, or None."""
    if actor is None:
        return SYSTEM if SYSTEM in transition.roles else None
    for role in transition.roles:
        if role == APPLICANT and subject.workflow_is_applicant(actor):
            return APPLICANT
        if role in StaffRole.values and has_role(actor, StaffRole(role), instance.district):
            return role
    return None


def _guard_refusal(context: GuardContext) -> str | None:
    for name in context.transition.guards:
        reason = registry.guards[name](context)
        if reason is not None:
            return reason
    return None


def available_actions(*, instance: WorkflowInstance, actor: User | None) -> list[AvailableAction]:
    """What ``actor`` may do now: the same role and guard checks ``perform_action`` makes."""
    definition = definition_of(instance.definition)
    subject = _subject(instance)
    actions = []
    for transition in definition.transitions_from(instance.state):
        role = acting_role(transition, instance, subject, actor)
        if role is None:
            continue
        context = GuardContext(instance, definition, transition, subject, actor)
        if _guard_refusal(context) is None:
            actions.append(
                AvailableAction(
                    transition.action,
                    transition.label,
                    role,
                    list(transition.inputs),
                    transition.confirm,
                )
            )
    return actions


def perform_action(
    *,
    instance_id: int,
    action: str,
    actor: User | None,
    inputs: dict[str, Any] | None = None,
    comment: str = "",
    expected_step: int | None = None,
) -> TransitionRecord:
    """Take ``action`` on the instance for ``actor`` (None: the system itself).

    Raises ``ConflictError`` if the instance moved on meanwhile (``expected_step``) or the
    action does not leave its current state, ``ForbiddenError`` if the actor may not take it,
    ``GuardRefusedError`` with the guard's Persian reason, ``ValidationError`` for bad inputs.
    On any refusal nothing is written.
    """
    with transaction.atomic():
        instance = (
            WorkflowInstance.objects.select_for_update()
            .select_related("definition", "district")
            .get(pk=instance_id)
        )
        if expected_step is not None and instance.step != expected_step:
            raise ConflictError(
                "این درخواست هم‌زمان به دست کس دیگری تغییر کرد؛ صفحه را تازه کنید.",
                code="changed_meanwhile",
            )
        definition = definition_of(instance.definition)
        transition = definition.transition(instance.state, action)
        if transition is None:
            raise ConflictError(
                "این اقدام در وضعیت کنونی درخواست ممکن نیست.", code="action_not_available"
            )
        record = _apply(
            instance=instance,
            definition=definition,
            transition=transition,
            actor=actor,
            raw_inputs=inputs or {},
            comment=comment,
        )
    return record


def _apply(
    *,
    instance: WorkflowInstance,
    definition: Definition,
    transition: TransitionDef,
    actor: User | None,
    raw_inputs: dict[str, Any],
    comment: str,
) -> TransitionRecord:
    subject = _subject(instance)
    role = acting_role(transition, instance, subject, actor)
    if role is None:
        raise ForbiddenError("شما اجازه این اقدام را در این درخواست ندارید.", code="not_your_role")
    cleaned = clean_inputs(transition.inputs, raw_inputs)
    reason = _guard_refusal(GuardContext(instance, definition, transition, subject, actor, cleaned))
    if reason is not None:
        raise GuardRefusedError(reason)
    if len(comment) > 4000:
        raise ValidationError({"comment": ["توضیح بیش از ۴۰۰۰ نویسه است."]})
    now = timezone.now()
    from_state = instance.state
    instance.step += 1
    _enter(instance, definition.state(transition.target), now)
    instance.save()
    record = TransitionRecord.objects.create(
        instance=instance,
        step=instance.step,
        action=transition.action,
        from_state=from_state,
        to_state=transition.target,
        actor=actor,
        actor_role=role,
        comment=comment.strip(),
        inputs=cleaned,
        at=now,
    )
    _enqueue_effects(record, transition.effects)
    return record


def _enqueue_effects(record: TransitionRecord, names: list[str]) -> None:
    from nama.workflow.tasks import run_effect

    for name in names:
        transaction.on_commit(
            lambda name=name: run_effect.enqueue(record.pk, name),  # type: ignore[misc]
            robust=True,
        )
