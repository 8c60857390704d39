"""The workflow facts this app answers (``nama.cases.facts``)."""

from __future__ import annotations

from nama.cases.facts import register_fact
from nama.cases.models import Case
from nama.inspections.constants import VIOLATIONS
from nama.inspections.models import InspectionReport
from nama.inspections.selectors import current_visit
from nama.workflow.models import TransitionRecord


@register_fact("visit_report_submitted")
def visit_report_submitted(case: Case) -> bool:
    """The request's current visit has a submitted report (guard of ``submit_visit_report``)."""
    visit = current_visit(case)
    return (
        visit is not None
        and InspectionReport.objects.filter(visit=visit, submitted_at__isnull=False).exists()
    )


@register_fact("no_open_violations")
def no_open_violations(case: Case) -> bool:
    """No violation seen on the property's latest inspection is waiting for the Article 100
    commission: either the inspector recorded none, or the commission's ruling was recorded
    after that report (guard of ``approve_technically`` and an eligibility check)."""
    parcel = case.parcel_id
    if parcel is None:
        return True
    report = (
        InspectionReport.objects.filter(case__parcel_id=parcel, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    if report is None or not str(report.values.get(VIOLATIONS) or "").strip():
        return True
    return TransitionRecord.objects.filter(
        instance__case__parcel_id=parcel, action="record_ruling", at__gt=report.submitted_at
    ).exists()
