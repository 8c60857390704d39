"""A request as staff work on it: the file the staff page and the staff API show.

Built for a request already found through ``selectors.staff_case`` (so the user may see it):
the form's answers with their labels, the documents (with a short-lived download URL each),
the timeline in staff terms, who held it when, internal notes and the conversation with the
applicant, and what this user may do now — the workflow's actions with the inputs each asks
for, and claim / release / assign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.documents import current_documents, slots
from nama.cases.forms import answer_label
from nama.cases.models import Case, CaseMessage
from nama.cases.selectors import actions_for, messages_for
from nama.catalog.schema import ServiceSpec
from nama.catalog.selectors import spec_of
from nama.documents.selectors import download_url
from nama.staff.models import HoldEvent
from nama.staff.selectors import state_of
from nama.workflow.definitions import InputDef
from nama.workflow.engine import definition_of
from nama.workflow.roles import APPLICANT, ROLE_LABELS, SYSTEM

INLINE_FORMATS = frozenset({"pdf", "jpg", "jpeg", "png"})


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    value: Any  # as stored (ASCII digits, ISO dates)
    text: str  # in words, as a person reads it


@dataclass(frozen=True)
class DocumentItem:
    type: str
    label: str
    required: bool
    uploaded_at: datetime | None  # None: nothing uploaded yet
    format: str
    content_type: str
    url: str  # a download URL for this user only ("" when nothing is uploaded)
    round: int  # the correction round it was uploaded in

    @property
    def inline(self) -> bool:
        """Can a browser show it in the page (PDF, images)?"""
        return self.format in INLINE_FORMATS


@dataclass(frozen=True)
class Step:
    step: int
    action: str
    label: str
    from_label: str
    to_label: str
    at: datetime
    by: str  # the person's name, or «سامانه»
    role: str  # the capacity they acted in, in Persian
    comment: str
    inputs: dict[str, Any]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ActionInput:
    name: str
    label: str
    kind: str  # text, choice, number, date, yes_no, fields, documents
    required: bool
    choices: list[Choice]  # choice: its values; fields / documents: the request's


@dataclass(frozen=True)
class StaffAction:
    action: str
    label: str
    role: str
    confirm: bool
    inputs: list[ActionInput]
    on_behalf: bool  # a counter clerk acting for the walk-in citizen


@dataclass(frozen=True)
class HoldOptions:
    """What the user may do about who holds the request (the services decide again)."""

    claim: bool
    release: bool
    assign: bool
    manage: bool
    held_by_me: bool
    held_by_other: bool


@dataclass(frozen=True)
class CaseFile:
    case: Case
    spec: ServiceSpec
    state_code: str
    state_label: str
    role_label: str
    overdue: bool
    answers: list[Answer]
    documents: list[DocumentItem]
    timeline: list[Step]
    holds: list[HoldEvent]
    notes: list[CaseMessage]  # internal, staff only
    messages: list[CaseMessage]  # with the applicant side
    actions: list[StaffAction]
    options: HoldOptions


def case_file(user: User, case: Case) -> CaseFile:
    """Everything the staff page shows of ``case`` to ``user`` (found by ``staff_case``)."""
    spec = spec_of(case.service_version)
    state = state_of(case)
    options = hold_options(user, case)
    messages = list(messages_for(user, case))
    return CaseFile(
        case=case,
        spec=spec,
        state_code=state.code if state else "",
        state_label=state.label if state else "",
        role_label=ROLE_LABELS.get(case.queue_role, ""),
        overdue=is_overdue(case),
        answers=answers(case, spec),
        documents=documents(user, case),
        timeline=timeline(case),
        holds=list(hold_history(case)),
        notes=[message for message in messages if message.internal],
        messages=[message for message in messages if not message.internal],
        actions=[] if options.held_by_other else staff_actions(user, case, spec),
        options=options,
    )


def is_overdue(case: Case) -> bool:
    return case.state_due_at is not None and case.state_due_at < timezone.now()


def answers(case: Case, spec: ServiceSpec) -> list[Answer]:
    """The form's fields in the service's order, with what was answered."""
    return [
        Answer(
            field.name,
            field.label,
            case.form_data.get(field.name),
            answer_label(field, case.form_data.get(field.name)),
        )
        for field in spec.form
    ]


def documents(user: User, case: Case) -> list[DocumentItem]:
    """Each document slot of the request with its current file, if any."""
    present = current_documents(case)
    items = []
    for slot in slots(case):
        row = present.get(slot.type)
        stored = row.upload.stored_file if row else None
        items.append(
            DocumentItem(
                type=slot.type,
                label=slot.label,
                required=slot.required,
                uploaded_at=row.created_at if row else None,
                format=stored.format if stored else "",
                content_type=stored.content_type if stored else "",
                url=download_url(row.upload, user) if row else "",
                round=row.round if row else 0,
            )
        )
    return items


def _by(record: Any) -> tuple[str, str]:
    role = record.actor_role
    if record.actor is None or role == SYSTEM:
        return "سامانه", ROLE_LABELS[SYSTEM]
    return record.actor.display_name, ROLE_LABELS.get(role, role)


def timeline(case: Case) -> list[Step]:
    """Every step the request took, oldest first, named as staff know the states."""
    instance = case.workflow
    if instance is None:
        return []
    definition = definition_of(instance.definition)
    labels = {t.action: t.label for t in definition.transitions} | {"start": "ثبت درخواست"}
    states = {state.code: state.label for state in definition.states}
    steps = []
    for record in instance.history.select_related("actor").order_by("step"):
        by, role = _by(record)
        steps.append(
            Step(
                step=record.step,
                action=record.action,
                label=labels.get(record.action, record.action),
                from_label=states.get(record.from_state, ""),
                to_label=states.get(record.to_state, record.to_state),
                at=record.at,
                by=by,
                role=role,
                comment=record.comment,
                inputs=dict(record.inputs),
            )
        )
    return steps


def hold_history(case: Case) -> list[HoldEvent]:
    """Who held the request when (claims, releases, assignments), oldest first."""
    return list(case.hold_events.select_related("holder", "actor").order_by("at", "pk"))


def _input(item: InputDef, case: Case, spec: ServiceSpec) -> ActionInput:
    if item.kind == "fields":
        choices = [Choice(field.name, field.label) for field in spec.form]
    elif item.kind == "documents":
        choices = [Choice(slot.type, slot.label) for slot in slots(case)]
    else:
        choices = [Choice(value, value) for value in item.choices]
    return ActionInput(item.name, item.label, item.kind, item.required, choices)


def staff_actions(user: User, case: Case, spec: ServiceSpec | None = None) -> list[StaffAction]:
    """The workflow's actions ``user`` may take now, each with the inputs it asks for."""
    spec = spec or spec_of(case.service_version)
    return [
        StaffAction(
            action=available.action,
            label=available.label,
            role=available.role,
            confirm=available.confirm,
            inputs=[_input(item, case, spec) for item in available.inputs],
            on_behalf=available.role == APPLICANT,
        )
        for available in actions_for(user, case)
    ]


def hold_options(user: User, case: Case) -> HoldOptions:
    works = can(user, "cases.work", case)
    manages = can(user, "cases.manage", case)
    mine = case.holder_id is not None and case.holder_id == user.pk
    other = case.holder_id is not None and not mine
    return HoldOptions(
        claim=works and case.holder_id is None,
        release=(mine and works) or (manages and case.holder_id is not None),
        assign=manages or (works and not other),
        manage=manages,
        held_by_me=mine,
        held_by_other=other,
    )
