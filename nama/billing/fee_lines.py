"""A request's fees as its applicant reads them (the fee page and the API share these)."""

from __future__ import annotations

from dataclasses import dataclass

from nama.billing.constants import BillStatus
from nama.billing.models import Assessment, AssessmentLine, Bill
from nama.cases.models import Case


@dataclass(frozen=True)
class LineRow:
    line: AssessmentLine
    reason: str  # the latest staff adjustment's reason ("" when the line is as computed)


def line_rows(assessment: Assessment | None) -> list[LineRow]:
    """The assessment's lines in order, each with the reason staff gave for changing it."""
    if assessment is None:
        return []
    lines = assessment.lines.select_related("account").prefetch_related("adjustments__actor")
    rows = []
    for line in lines.order_by("position"):
        adjustments = list(line.adjustments.all())
        reason = adjustments[-1].reason if line.adjusted and adjustments else ""
        rows.append(LineRow(line, reason))
    return rows


def case_bills(case: Case) -> list[Bill]:
    """The request's bills the applicant still sees: issued and paid ones (not voided)."""
    bills = Bill.objects.filter(case=case).exclude(status=BillStatus.VOID)
    return list(bills.select_related("account").order_by("account__company_code", "period"))
