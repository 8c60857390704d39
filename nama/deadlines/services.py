"""Deadline bookkeeping of one request's current state: the reminder, the overdue mark and the
escalation (ADR 0028).

Each write locks the request (skipping one another worker or a staff member holds), checks it
again, claims the bookkeeping field with a conditional update and writes the notices in the
same transaction: a notice exists exactly when its mark does, once per state entry (event
keys carry the workflow step), and SMS and e-mail leave only after the commit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import transaction

from nama.accounts.models import User
from nama.cases.models import Case
from nama.cases.notifications import notify
from nama.catalog.selectors import spec_of
from nama.deadlines.recipients import applicant_side, distinct, is_applicant_step, managers, workers
from nama.deadlines.wording import event_key, moment_phrase, step_label
from nama.staff.services import take_back


class Outcome(StrEnum):
    """What happened to a request found overdue."""

    APPLICANT = "applicant"  # the applicant's step: they were told, no staff escalation
    ESCALATED = "escalated"  # holder (or the role's staff) and the managers were told
    TAKEN_BACK = "taken_back"  # … and the request went back to the shared queue


def _locked(pk: int) -> Case | None:
    """The request, locked; None if another transaction holds it (it is retried next run)."""
    return (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(
            "workflow__definition",
            "service",
            "service_version",
            "district",
            "holder",
            "applicant",
            "owner",
        )
        .filter(pk=pk)
        .first()
    )


def _claim(case: Case, **marks: Any) -> bool:
    """Set the bookkeeping ``marks`` unless another run did first (same state entry only)."""
    unset = {f"{name}__isnull": True for name in marks}
    claimed = Case.objects.filter(
        pk=case.pk, queue_role=case.queue_role, state_due_at=case.state_due_at, **unset
    ).update(**marks)
    return claimed == 1


def _step(case: Case) -> int:
    return case.workflow.step if case.workflow is not None else 0


def remind(pk: int, *, now: datetime, horizon: datetime) -> bool:
    """Remind whoever acts on request ``pk`` that its state's deadline is near (once)."""
    with transaction.atomic():
        case = _locked(pk)
        if case is None or not _due_soon(case, now, horizon):
            return False
        if not _claim(case, reminded_at=now):
            return False
        applicant = is_applicant_step(case)
        people = applicant_side(case) if applicant else workers(case)
        _tell(people, case, "reminder", "deadline_reminder", for_applicant=applicant)
    return True


def _due_soon(case: Case, now: datetime, horizon: datetime) -> bool:
    due = case.state_due_at
    return (
        bool(case.queue_role)
        and due is not None
        and now < due <= horizon
        and case.reminded_at is None
        and case.overdue_since is None
    )


def mark_overdue(pk: int, *, now: datetime) -> Outcome | None:
    """Mark request ``pk`` overdue and escalate per its service's rule; None if there was
    nothing (left) to do."""
    with transaction.atomic():
        case = _locked(pk)
        if case is None or not _past_due(case, now):
            return None
        if is_applicant_step(case):
            if not _claim(case, overdue_since=now):
                return None
            _tell(applicant_side(case), case, "overdue", "case_overdue", for_applicant=True)
            return Outcome.APPLICANT
        if not _claim(case, overdue_since=now, escalated_at=now):
            return None
        return _escalate(case)


def _past_due(case: Case, now: datetime) -> bool:
    due = case.state_due_at
    return bool(case.queue_role) and due is not None and due < now and case.overdue_since is None


def _escalate(case: Case) -> Outcome:
    """Tell the holder (or the role's staff) and the managers; under the ``reassign`` rule
    also take the request back from its holder into the district's shared queue."""
    holder, bosses = case.holder, managers(case)
    _tell(distinct([*workers(case), *bosses]), case, "overdue", "case_overdue")
    if spec_of(case.service_version).escalation != "reassign" or holder is None:
        return Outcome.ESCALATED
    reason = f"مهلت مرحله «{step_label(case)}» گذشت؛ درخواست به کارتابل مشترک برگشت."
    take_back(case=case, reason=reason)
    _tell(
        distinct([holder, *bosses]), case, "escalated", "case_escalated", name=holder.display_name
    )
    return Outcome.TAKEN_BACK


def _tell(
    people: list[User],
    case: Case,
    kind: str,
    template: str,
    *,
    for_applicant: bool = False,
    name: str | None = None,
) -> None:
    key = event_key(case, _step(case), kind)
    label = step_label(case, for_applicant=for_applicant)
    when = moment_phrase(case.state_due_at) if case.state_due_at is not None else ""
    extra = {"name": name} if name is not None else {}
    for person in people:
        notify(person, case, key, template, step=label, when=when, **extra)
