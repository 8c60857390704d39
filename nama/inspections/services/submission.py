"""Submitting a visit's report, once: the figures are recorded, the discrepancies found, the
visit marked done and the request moved on (workflow action ``submit_visit_report``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.cases.services import act
from nama.core.jalali import tehran_today
from nama.core.problems import ConflictError, NotFoundError
from nama.core.text import to_persian_digits
from nama.inspections.comparison import clean_values
from nama.inspections.constants import BUILT_AREA_BY_FLOOR
from nama.inspections.figures import recorded_at_submission
from nama.inspections.models import InspectionReport
from nama.inspections.selectors import NOT_FOUND, checklist_items
from nama.inspections.services.discrepancies import recompute, record_observations
from nama.inspections.services.drafts import (
    SUBMITTED,
    DraftIn,
    apply_draft,
    check_open,
    locked_report,
    new_report,
)
from nama.parcels.constants import LandUse, SnapshotKind
from nama.parcels.services.owners import record_snapshot
from nama.visits.models import Visit, VisitStatus
from nama.visits.services import mark_visited

SUBMIT_ACTION = "submit_visit_report"
UNANSWERED = "به این مورد پاسخ دهید (بله یا خیر)."
KEY_MISSING = "کلید یک‌بارمصرف ثبت گزارش فرستاده نشده است؛ صفحه را تازه کنید."


def submit_report(
    *, actor: User, visit: Visit, submission_key: str, draft: DraftIn | None = None
) -> InspectionReport:
    """Submit the report of ``visit`` (after saving ``draft`` when given). Idempotent: the
    same ``submission_key`` again returns the submitted report and changes nothing; another
    key gets ``ConflictError`` ``already_submitted``.

    Refused with ``ValidationError`` (field → messages) when a figure cannot be read or a
    checklist item is unanswered; nothing is written then.
    """
    key = submission_key.strip()[:100]
    if not key:
        raise ValidationError({"submission_key": [KEY_MISSING]})
    if not can(actor, "inspections.fill", visit):
        raise NotFoundError(NOT_FOUND)
    with transaction.atomic():
        report = locked_report(visit)
        if report is not None and report.is_submitted:
            if report.submission_key == key:
                return report
            raise ConflictError(SUBMITTED, code="already_submitted")
        check_open(visit, report)
        report = report or new_report(visit, actor)
        if draft is not None:
            apply_draft(report, visit, draft, actor)
        _finish(report, visit, actor, key)
    return report


def _finish(report: InspectionReport, visit: Visit, actor: User, key: str) -> None:
    values = _checked(report, visit)
    report.values = values
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.submission_key = key
    report.save(update_fields=["values", "submitted_at", "submitted_by", "submission_key"])
    mark_visited(actor=actor, case=visit.case)
    visit.status = VisitStatus.DONE
    record_observations(report, recorded_at_submission(visit.case, values, actor))
    recompute(report)
    _observed_snapshot(visit.case, values, actor)
    act(actor=actor, case=visit.case, action=SUBMIT_ACTION)


def _observed_snapshot(case: Case, values: dict[str, Any], actor: User) -> None:
    """The registry keeps what was seen beside what was declared and permitted."""
    if case.parcel is None:
        return
    floors = values.get(BUILT_AREA_BY_FLOOR) or []
    use = values.get("use", "")
    record_snapshot(
        actor=actor,
        parcel=case.parcel,
        kind=SnapshotKind.OBSERVED,
        as_of=tehran_today(),
        source=f"بازدید میدانی درخواست {case.tracking_code}",
        land_area=_decimal(values.get("land_area")),
        built_area_by_floor={str(n): area for n, area in enumerate(floors, start=1)},
        floors=values.get("floors"),
        units=values.get("units"),
        land_use=use if use in LandUse.values else "",
        parking_spaces=values.get("parking_spaces"),
    )


def _decimal(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def _checked(report: InspectionReport, visit: Visit) -> dict[str, Any]:
    values, errors = clean_values(report.values)
    for number, item in enumerate(checklist_items(visit.case), start=1):
        answer = report.checklist.get(item.key) or {}
        if not isinstance(answer.get("ok"), bool):
            errors[f"checklist.{item.key}"] = [f"{to_persian_digits(str(number))}. {UNANSWERED}"]
    if errors:
        raise ValidationError(errors)
    return values
