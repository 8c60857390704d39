"""Saving a report as it is typed: optimistic revisions, never overwriting another device."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.core.problems import ConflictError, NotFoundError
from nama.inspections.comparison import draft_values
from nama.inspections.models import InspectionReport
from nama.inspections.selectors import NOT_FOUND, checklist_items, in_visit_state
from nama.visits.models import Visit, VisitStatus

NOTE_LIMIT = 500
NOTES_LIMIT = 4000
STALE = (
    "این گزارش در این فاصله جای دیگری (گوشی یا پنجرهٔ دیگر) ذخیره شده است؛ "
    "نسخهٔ تازه را ببینید و دوباره ذخیره کنید."
)
SUBMITTED = "گزارش این بازدید پیش‌تر ثبت نهایی شده است و دیگر تغییر نمی‌کند."
CLOSED = "این درخواست دیگر در مرحلهٔ بازدید نیست؛ گزارش آن را نمی‌توان تغییر داد."


@dataclass(frozen=True)
class DraftIn:
    """What the inspector has typed so far, and the revision it was based on."""

    revision: int
    values: dict[str, Any] = field(default_factory=dict)
    checklist: dict[str, Any] = field(default_factory=dict)
    notes: str = ""


def draft_checklist(visit: Visit, raw: dict[str, Any]) -> dict[str, Any]:
    """The answers to the service's checklist items (unknown items dropped)."""
    answers: dict[str, Any] = {}
    for item in checklist_items(visit.case):
        answer = raw.get(item.key)
        if not isinstance(answer, dict):
            continue
        ok = answer.get("ok")
        answers[item.key] = {
            "ok": ok if isinstance(ok, bool) else None,
            "note": str(answer.get("note") or "")[:NOTE_LIMIT],
        }
    return answers


def check_open(visit: Visit, report: InspectionReport | None) -> None:
    if report is not None and report.is_submitted:
        raise ConflictError(SUBMITTED, code="already_submitted")
    if visit.status != VisitStatus.BOOKED or not in_visit_state(visit.case):
        raise ConflictError(CLOSED, code="visit_closed")


def locked_report(visit: Visit) -> InspectionReport | None:
    return InspectionReport.objects.select_for_update().filter(visit=visit).first()


def apply_draft(
    report: InspectionReport, visit: Visit, draft: DraftIn, actor: User
) -> InspectionReport:
    """Write ``draft`` onto the (locked) report and move its revision on."""
    if report.revision != draft.revision:
        raise ConflictError(STALE, code="stale_revision")
    report.values = draft_values(draft.values)
    report.checklist = draft_checklist(visit, draft.checklist)
    report.notes = draft.notes[:NOTES_LIMIT]
    report.revision += 1
    report.saved_at = timezone.now()
    report.saved_by = actor
    report.save(update_fields=["values", "checklist", "notes", "revision", "saved_at", "saved_by"])
    return report


def new_report(visit: Visit, actor: User) -> InspectionReport:
    """An empty report of ``visit`` (revision 0); a concurrent creation is a stale save."""
    try:
        with transaction.atomic():
            return InspectionReport.objects.create(visit=visit, case=visit.case, saved_by=actor)
    except IntegrityError as error:
        raise ConflictError(STALE, code="stale_revision") from error


def save_draft(*, actor: User, visit: Visit, draft: DraftIn) -> InspectionReport:
    """Save what the inspector has typed, if ``draft.revision`` is still the report's.

    Only the visit's inspector (or the visit agent holding the request) may; others get
    ``NotFoundError``. A stale revision raises ``ConflictError`` ``stale_revision``; a
    submitted report or a visit no longer open, ``already_submitted`` / ``visit_closed``.
    """
    if not can(actor, "inspections.fill", visit):
        raise NotFoundError(NOT_FOUND)
    with transaction.atomic():
        report = locked_report(visit)
        check_open(visit, report)
        if report is None:
            report = new_report(visit, actor)
        return apply_draft(report, visit, draft, actor)
