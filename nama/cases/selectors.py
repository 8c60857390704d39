"""Reads of requests, each scoped to who asks (access rules in ``nama.cases.access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from nama.accounts.authz import can
from nama.accounts.constants import RepresentationStatus
from nama.accounts.models import LegalPersonAgent, Representation, User
from nama.cases.constants import CaseStatus
from nama.cases.models import Case, CaseMessage, Notification
from nama.core.identifiers import validate_national_id
from nama.core.problems import NotFoundError
from nama.core.tracking import parse_tracking_code
from nama.workflow.engine import AvailableAction, available_actions, definition_of
from nama.workflow.models import TransitionRecord

NOT_FOUND = "این درخواست پیدا نشد."


def _with_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        "service",
        "service_version",
        "district",
        "parcel",
        "applicant",
        "owner",
        "workflow__definition",
    )


def cases_of_applicant(user: User) -> QuerySet[Case]:
    """Requests the user filed, or that were filed for them, or for a company they act for."""
    companies = LegalPersonAgent.objects.filter(user=user, revoked_at__isnull=True).values(
        "legal_person"
    )
    owners_represented = Representation.objects.filter(
        representative=user, status=RepresentationStatus.ACTIVE
    ).values("owner")
    mine = (
        Q(applicant=user)
        | Q(owner=user)
        | Q(legal_person__in=companies)
        | Q(owner__in=owners_represented)
    )
    return _with_relations(Case.objects.filter(mine)).order_by("-created_at", "-pk")


def filter_cases(cases: QuerySet[Case], *, status: str = "", service: str = "") -> QuerySet[Case]:
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if service:
        cases = cases.filter(service__code=service)
    return cases


def case_for(user: User, tracking_code: str) -> Case:
    """The request with this code if ``user`` may see it; otherwise ``NotFoundError`` (the
    same answer as for a code that does not exist)."""
    try:
        code = parse_tracking_code(tracking_code)
    except ValidationError as error:
        raise NotFoundError(NOT_FOUND) from error
    case = _with_relations(Case.objects.filter(tracking_code=code)).first()
    if case is None or not can(user, "cases.view", case):
        raise NotFoundError(NOT_FOUND)
    return case


def case_by_code_and_national_id(tracking_code: str, national_id: str) -> Case | None:
    """Public tracking: the request only when the code AND the applicant's (or owner's)
    national ID match; None otherwise (callers rate-limit and answer generically)."""
    try:
        code = parse_tracking_code(tracking_code)
        nid = validate_national_id(national_id)
    except ValidationError:
        return None
    return (
        _with_relations(Case.objects.filter(tracking_code=code))
        .filter(Q(applicant__national_id=nid) | Q(owner__national_id=nid))
        .exclude(status=CaseStatus.DRAFT)
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    record: TransitionRecord
    label: str  # what happened, in Persian
    state_label: str  # where the request went


def timeline(case: Case) -> list[TimelineEntry]:
    """The request's steps, oldest first, with Persian labels for citizens."""
    instance = case.workflow
    if instance is None:
        return []
    definition = definition_of(instance.definition)
    labels = {t.action: t.label for t in definition.transitions} | {"start": "ثبت درخواست"}
    entries = []
    for record in instance.history.select_related("actor").order_by("step"):
        state = definition.state(record.to_state)
        entries.append(
            TimelineEntry(
                record,
                labels.get(record.action, record.action),
                state.citizen_label or state.label,
            )
        )
    return entries


def current_step(case: Case) -> dict[str, Any] | None:
    """The state the request is in: its Persian label, the acting role, its deadline."""
    instance = case.workflow
    if instance is None:
        return None
    state = definition_of(instance.definition).state(instance.state)
    return {
        "code": state.code,
        "label": state.citizen_label or state.label,
        "staff_label": state.label,
        "role": state.role,
        "due_at": instance.state_due_at,
        "terminal": state.terminal,
        "outcome": state.outcome,
    }


def actions_for(user: User, case: Case) -> list[AvailableAction]:
    """What ``user`` may do on the request now (the engine's own checks)."""
    if case.workflow is None:
        return []
    return available_actions(instance=case.workflow, actor=user)


def messages_for(user: User, case: Case) -> QuerySet[CaseMessage]:
    """The request's messages; internal notes only for staff."""
    messages = case.messages.select_related("author")
    if not can(user, "cases.view", case) or can(user, "cases.act_as_applicant", case):
        messages = messages.filter(internal=False)
    return messages


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("case")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
