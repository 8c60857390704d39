"""Test helpers: a small definition exercising every pattern, and rehearsal subjects."""

from __future__ import annotations

import copy
from typing import Any

from nama.accounts.models import User
from nama.districts.models import District
from nama.workflow.engine import publish_definition, start_workflow
from nama.workflow.models import Rehearsal, WorkflowDefinition, WorkflowInstance

SMALL: dict[str, Any] = {
    "code": "small_permit",
    "title": "مجوز آزمایشی",
    "start": "check",
    "states": [
        {"code": "check", "label": "بررسی", "role": "desk_clerk", "deadline_days": 2},
        {"code": "review", "label": "بررسی فنی", "role": "planning_officer", "deadline_days": 3},
        {"code": "done", "label": "صادر شد", "terminal": True, "outcome": "approved"},
    ],
    "transitions": [
        {
            "action": "accept",
            "label": "تأیید مدارک",
            "from": "check",
            "to": "review",
            "roles": ["desk_clerk"],
            "guards": ["documents_complete"],
            "effects": ["notify_next_role"],
        },
    ],
    "patterns": [
        {"use": "correction", "params": {"from": ["check", "review"], "back_to": "check"}},
        {"use": "manager_signature", "params": {"from": "review", "then": "done"}},
        {"use": "rejection", "params": {"from": ["check", "review"]}},
        {"use": "withdrawal"},
    ],
}

ALL_FACTS = {
    "documents_complete": True,
    "corrections_done": True,
    "fees_assessed": True,
    "fees_paid": True,
    "visit_booked": True,
    "visit_report_submitted": True,
    "no_open_violations": True,
    "renewal_duty_settled": True,
}


def small_definition(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SMALL)
    data.update(changes)
    return data


def published(data: dict[str, Any] | None = None) -> WorkflowDefinition:
    return publish_definition(data=data or small_definition(), actor=None)


def rehearse(
    version: WorkflowDefinition,
    applicant: User,
    district: District,
    facts: dict[str, bool] | None = None,
) -> tuple[Rehearsal, WorkflowInstance]:
    subject = Rehearsal.objects.create(
        title="آزمایش", applicant=applicant, facts=ALL_FACTS if facts is None else facts
    )
    instance = start_workflow(version=version, subject=subject, district=district, actor=applicant)
    return subject, instance
