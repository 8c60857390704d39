"""Recording a submitted report's figures and finding where the sources and the field differ.

Called inside the caller's transaction (submission, desk figures); not a public service.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from nama.inspections.comparison import differs
from nama.inspections.constants import MEASURES, Source
from nama.inspections.figures import Figure
from nama.inspections.models import Discrepancy, InspectionReport, Observation


def record_observations(report: InspectionReport, figures: Iterable[Figure]) -> None:
    """Store the figures as they stood at submission (replacing any from this report)."""
    now = timezone.now()
    Observation.objects.filter(report=report).delete()
    Observation.objects.bulk_create(
        Observation(
            case_id=report.case_id,
            report=report,
            source=figure.source,
            key=figure.key,
            basis=figure.basis,
            value=figure.value,
            reported_by=figure.reported_by,
            at=now,
        )
        for figure in figures
    )


def compared_observations(report: InspectionReport) -> list[Observation]:
    """The report's recorded figures plus the desk's current ones."""
    at_submission = Observation.objects.filter(report=report)
    desk = Observation.objects.filter(case_id=report.case_id, report__isnull=True)
    return [*at_submission, *desk]


def recompute(report: InspectionReport) -> list[Discrepancy]:
    """Replace the report's discrepancies: every reported figure the inspector's observation
    of the same figure contradicts beyond its tolerance."""
    observations = compared_observations(report)
    seen = {o.key: o for o in observations if o.source == Source.INSPECTOR}
    found = [
        _discrepancy(report, reported, seen[reported.key])
        for reported in observations
        if reported.source != Source.INSPECTOR
        and reported.key in seen
        and differs(reported.key, reported.value, seen[reported.key].value)
    ]
    Discrepancy.objects.filter(report=report).delete()
    return Discrepancy.objects.bulk_create(found)


def _discrepancy(
    report: InspectionReport, reported: Observation, observed: Observation
) -> Discrepancy:
    """``observed``: the inspector's figure of the same key."""
    return Discrepancy(
        case_id=report.case_id,
        report=report,
        key=reported.key,
        source=reported.source,
        basis=reported.basis,
        reported_value=reported.value,
        observed_value=observed.value,
        tolerance=MEASURES[reported.key].tolerance.label,
        reported_by_id=reported.reported_by_id,
        inspector_id=report.submitted_by_id or report.visit.inspector_id,
        district_id=report.case.district_id,
        created_at=report.submitted_at or timezone.now(),
    )
