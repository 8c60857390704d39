"""Workflow effects billing carries out: assess fees, issue bills.

They run after the step's commit (``nama.cases.effects``: once per step and effect). A step
the request has already moved on from is not acted on late.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from nama.billing.constants import AssessmentStatus, BillStatus
from nama.billing.services.assessments import assess_case, live_assessment
from nama.billing.services.bills import issue_bills as issue
from nama.billing.services.bills import open_bills, void_bill
from nama.billing.services.consent import confirm_payment_if_due, reopen_reviewed
from nama.cases.effects import register_effect
from nama.cases.models import Case
from nama.workflow.models import WorkflowInstance

if TYPE_CHECKING:
    from nama.workflow.models import TransitionRecord

logger = logging.getLogger(__name__)


def _moved_on(case: Case, record: TransitionRecord) -> bool:
    step = WorkflowInstance.objects.values_list("step", flat=True).get(pk=record.instance_id)
    if step != record.step:
        logger.info("effect of %s step %s skipped: the request moved on", case, record.step)
        return True
    return False


@register_effect("assess_fees")
def assess_fees(case: Case, record: TransitionRecord) -> None:
    """Compute the request's fees (a new assessment supersedes the live one). A disputed
    assessment staff adjusted while reviewing goes back to the applicant as adjusted."""
    if _moved_on(case, record):
        return
    if record.action == "reassess_fees" and reopen_reviewed(case):
        return
    assess_case(case=case, actor=record.actor)


@register_effect("void_open_bills")
def void_open_bills(case: Case, record: TransitionRecord) -> None:
    """A withdrawn request owes nothing more: its unpaid bills are voided (paid ones stay for
    a revenue officer to refund)."""
    for bill in open_bills(case).filter(status=BillStatus.ISSUED):
        void_bill(bill=bill, actor=None, reason="درخواست با انصراف متقاضی بسته شد.")


@register_effect("record_dispute")
def record_dispute(case: Case, record: TransitionRecord) -> None:
    """A dispute taken through the bare workflow step (a counter clerk for a walk-in citizen)
    is recorded on the fees as the fee page records it; one already recorded is left alone."""
    assessment = live_assessment(case)
    if assessment is None or assessment.status != AssessmentStatus.PROPOSED:
        return
    assessment.status = AssessmentStatus.DISPUTED
    assessment.dispute_reason = str(record.inputs.get("reason", ""))
    assessment.save(update_fields=["status", "dispute_reason"])


@register_effect("issue_bills")
def issue_bills(case: Case, record: TransitionRecord) -> None:
    """Issue the bills of the accepted fees; with nothing to pay, the platform confirms the
    payment step at once."""
    if _moved_on(case, record):
        return
    assessment = live_assessment(case)
    if assessment is None:
        logger.warning("no live assessment to bill for %s step %s", case, record.step)
        return
    # Accepting through the bare workflow step (the generic API, a counter clerk) leaves the
    # assessment proposed: issuing its bills records the acceptance then.
    issue(assessment=assessment, actor=record.actor)
    confirm_payment_if_due(case)
