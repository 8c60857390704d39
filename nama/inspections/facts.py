"""The workflow fact this app answers (``nama.cases.facts``)."""

from __future__ import annotations

from nama.cases.facts import register_fact
from nama.cases.models import Case
from nama.inspections.models import InspectionReport
from nama.inspections.selectors import current_visit


@register_fact("visit_report_submitted")
def visit_report_submitted(case: Case) -> bool:
    """The request's current visit has a submitted report (guard of ``submit_visit_report``)."""
    visit = current_visit(case)
    return (
        visit is not None
        and InspectionReport.objects.filter(visit=visit, submitted_at__isnull=False).exists()
    )
