"""Reads of inspections, each scoped to who asks (rules in ``nama.inspections.access``).

A request is named by its tracking code; anyone who may not fill its current visit's report
gets the same ``NotFoundError`` as for a code that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from nama.accounts.authz import can, has_role
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.catalog.schema import ChecklistItem
from nama.catalog.selectors import spec_of
from nama.core.jalali import TEHRAN, tehran_today
from nama.core.problems import NotFoundError
from nama.core.tracking import parse_tracking_code
from nama.inspections.constants import PHOTO_CLOCK_SKEW_SECONDS, PHOTO_MAX_AGE_DAYS
from nama.inspections.models import InspectionPhoto, InspectionReport, Observation
from nama.visits.models import Visit, VisitStatus
from nama.visits.selectors import booked_visit, visits_of

NOT_FOUND = "این بازدید پیدا نشد."
VISIT_STATE = "visit"


def _case_by_code(tracking_code: str) -> Case:
    try:
        code = parse_tracking_code(tracking_code)
    except ValidationError as error:
        raise NotFoundError(NOT_FOUND) from error
    case = (
        Case.objects.select_related(
            "service", "service_version", "district", "parcel", "holder", "workflow"
        )
        .filter(tracking_code=code)
        .first()
    )
    if case is None:
        raise NotFoundError(NOT_FOUND)
    return case


def current_visit(case: Case) -> Visit | None:
    """The request's booked visit, or else its latest visit that was made."""
    booked = booked_visit(case)
    if booked is not None:
        return booked
    return visits_of(case).filter(status=VisitStatus.DONE).last()


def visit_to_report(user: User, tracking_code: str) -> Visit:
    """The visit whose report ``user`` fills (its inspector, or the agent holding the
    request); ``NotFoundError`` for everyone else."""
    case = _case_by_code(tracking_code)
    visit = current_visit(case)
    if visit is None:
        raise NotFoundError(NOT_FOUND)
    visit.case = case
    if not can(user, "inspections.fill", visit):
        raise NotFoundError(NOT_FOUND)
    return visit


def report_of(visit: Visit) -> InspectionReport | None:
    return InspectionReport.objects.filter(visit=visit).first()


def photos_of(report: InspectionReport | None) -> list[InspectionPhoto]:
    if report is None:
        return []
    return list(report.photos.select_related("upload__stored_file").order_by("taken_at", "pk"))


def checklist_items(case: Case) -> list[ChecklistItem]:
    """What the inspector checks, from the service's definition."""
    return list(spec_of(case.service_version).inspection_checklist)


def all_clear_checklist(case: Case) -> dict[str, dict[str, bool]]:
    """Every checklist item ticked as found in order (the demo's and tests' clean visit)."""
    return {item.key: {"ok": True} for item in checklist_items(case)}


def in_visit_state(case: Case) -> bool:
    return case.workflow is not None and case.workflow.state == VISIT_STATE


def visits_ahead(user: User, *, days: int | None = None) -> QuerySet[Visit]:
    """The inspector's visits from the start of today for ``days`` more days, in time order
    (nothing unless the user is a verified visit agent)."""
    if not has_role(user, StaffRole.VISIT_AGENT):
        return Visit.objects.none()
    span = settings.NAMA_VISIT_WINDOW_DAYS if days is None else days
    start = datetime.combine(tehran_today(), datetime.min.time(), tzinfo=TEHRAN)
    return (
        Visit.objects.filter(
            inspector=user,
            status__in=[VisitStatus.BOOKED, VisitStatus.DONE],
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=span + 1),
        )
        .select_related("case__service", "case__parcel", "case__district", "report")
        .order_by("starts_at", "pk")
    )


def live_desk_figures(case: Case) -> QuerySet[Observation]:
    """What desk officers entered from the documents (kept as entered)."""
    return Observation.objects.filter(case=case, report__isnull=True).select_related("reported_by")


def desk_case(user: User, tracking_code: str) -> Case:
    """A request whose desk figures ``user`` may enter; ``NotFoundError`` otherwise."""
    case = _case_by_code(tracking_code)
    if not can(user, "inspections.enter_desk_figures", case):
        raise NotFoundError("این درخواست پیدا نشد.")
    return case


def latest_submitted_report(case: Case) -> InspectionReport | None:
    return (
        InspectionReport.objects.filter(case=case, submitted_at__isnull=False)
        .select_related("visit__inspector", "submitted_by")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def photo_is_recent(taken_at: datetime) -> bool:
    """Within the photo clock's sanity window (see ``constants``)."""
    now = timezone.now()
    return (
        now - timedelta(days=PHOTO_MAX_AGE_DAYS)
        <= taken_at
        <= now + timedelta(seconds=PHOTO_CLOCK_SKEW_SECONDS)
    )


@dataclass(frozen=True)
class ReportState:
    """A visit's report as the page and the API show it (an empty draft before any save)."""

    visit: Visit
    report: InspectionReport | None
    items: list[ChecklistItem]
    photos: list[InspectionPhoto]
    open: bool  # may still be edited and submitted

    @property
    def revision(self) -> int:
        return self.report.revision if self.report else 0

    @property
    def values(self) -> dict[str, Any]:
        return self.report.values if self.report else {}

    @property
    def checklist(self) -> dict[str, Any]:
        return self.report.checklist if self.report else {}

    @property
    def notes(self) -> str:
        return self.report.notes if self.report else ""


def report_state(visit: Visit) -> ReportState:
    """Everything the report page needs about ``visit`` (already access-checked)."""
    report = report_of(visit)
    submitted = report is not None and report.is_submitted
    return ReportState(
        visit=visit,
        report=report,
        items=checklist_items(visit.case),
        photos=photos_of(report),
        open=not submitted and visit.status == VisitStatus.BOOKED and in_visit_state(visit.case),
    )
