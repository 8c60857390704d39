"""The applicant's word on a request's fees, and the system step when they are paid.

Accepting or disputing is recorded on the live assessment and taken as the workflow step in
the same transaction (ADR 0030); the request is locked first, as every writer of it does.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.constants import AssessmentStatus, Purpose
from nama.billing.facts import fees_paid
from nama.billing.models import Assessment, LineAdjustment
from nama.billing.services.assessments import live_assessment
from nama.billing.services.bills import issue_bills
from nama.billing.tariffs import book_for
from nama.cases.models import Case
from nama.cases.services import act, act_as_system
from nama.core.problems import ConflictError, NotFoundError
from nama.workflow.models import WorkflowInstance

PAYMENT_STATE = "payment"
REASON_LIMITS = (10, 2000)
NOT_FOUND = "این درخواست پیدا نشد."
NOT_OPEN = "عوارض این درخواست اکنون برای پذیرش یا اعتراض باز نیست."
CHANGED = (
    "مبلغ‌های عوارض پس از باز شدن این صفحه تغییر کرد؛ ردیف‌های تازه را ببینید و دوباره تصمیم بگیرید."
)
REASON_LENGTH = "دلیل اعتراض را دست‌کم در ۱۰ و حداکثر در ۲۰۰۰ نویسه بنویسید."


def fingerprint(assessment: Assessment) -> str:
    """What the applicant was shown: the assessment and each line's amount. Accepting with
    an old fingerprint is refused, so nobody accepts figures they did not read."""
    lines = ",".join(
        f"{pk}:{amount}" for pk, amount in assessment.lines.values_list("pk", "amount")
    )
    text = f"{assessment.pk}|{assessment.total}|{lines}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _open_assessment(case: Case, actor: User, seen: str) -> Assessment:
    """The request locked, then its live assessment locked, if ``actor`` answers for it and
    it still waits for an answer (with the figures ``seen``, when given)."""
    Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    live = live_assessment(case)
    if live is None:
        raise ConflictError(NOT_OPEN, code="fees_not_open")
    assessment = Assessment.objects.select_for_update().get(pk=live.pk)
    if not can(actor, "billing.accept", assessment):
        raise NotFoundError(NOT_FOUND)
    if assessment.status != AssessmentStatus.PROPOSED:
        raise ConflictError(NOT_OPEN, code="fees_not_open")
    if seen and seen != fingerprint(assessment):
        raise ConflictError(CHANGED, code="fees_changed")
    return assessment


def record_acceptance(assessment: Assessment, actor: User | None) -> None:
    """Mark a proposed assessment accepted by ``actor`` (who, when)."""
    assessment.status = AssessmentStatus.ACCEPTED
    assessment.accepted_at = timezone.now()
    assessment.accepted_by = actor
    assessment.save(update_fields=["status", "accepted_at", "accepted_by"])


def max_installments(assessment: Assessment) -> int:
    """How many monthly installments the year's tariff allows for these fees (1: none)."""
    book = book_for(assessment.tariff_year)
    return book.max_installments(Purpose(assessment.purpose), assessment.total)


def accept_fees(
    *,
    case: Case,
    actor: User,
    expected_step: int | None = None,
    seen: str = "",
    installments: int = 1,
) -> Assessment:
    """The applicant accepts the computed fees: recorded on the assessment, the step
    ``accept_fees`` taken and the bills issued in one transaction, so the page that follows
    shows them (the ``issue_bills`` effect then finds them issued). With nothing to pay the
    platform confirms the payment step at once."""
    with transaction.atomic():
        assessment = _open_assessment(case, actor, seen)
        record_acceptance(assessment, actor)
        act(actor=actor, case=case, action="accept_fees", expected_step=expected_step)
        issue_bills(assessment=assessment, actor=actor, installments=installments)
        confirm_payment_if_due(case)
    return assessment


def dispute_fees(
    *, case: Case, actor: User, reason: str, expected_step: int | None = None
) -> Assessment:
    """The applicant disputes the fees with a reason; a revenue officer reviews them."""
    text = reason.strip()
    low, high = REASON_LIMITS
    if not low <= len(text) <= high:
        raise ValidationError({"reason": [REASON_LENGTH]})
    with transaction.atomic():
        assessment = _open_assessment(case, actor, "")
        assessment.status = AssessmentStatus.DISPUTED
        assessment.dispute_reason = text
        assessment.save(update_fields=["status", "dispute_reason"])
        act(
            actor=actor,
            case=case,
            action="dispute_fees",
            inputs={"reason": text},
            expected_step=expected_step,
        )
    return assessment


def reopen_reviewed(case: Case) -> bool:
    """After a dispute is reviewed: an assessment staff adjusted goes back to the applicant
    as it stands (recomputing would drop the adjustments). False when there is none."""
    live = live_assessment(case)
    if live is None:
        return False
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=live.pk)
        if locked.status != AssessmentStatus.DISPUTED:
            return False
        if not LineAdjustment.objects.filter(line__assessment=locked).exists():
            return False
        locked.status = AssessmentStatus.PROPOSED
        locked.save(update_fields=["status"])
    return True


def confirm_payment_if_due(case: Case) -> bool:
    """The platform's own step ``confirm_payment`` once the request waits for payment and
    its fees are paid (or nothing is owed). Idempotent: True only for the call that took it."""
    with transaction.atomic():
        Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.workflow_id is None:
            return False
        state = WorkflowInstance.objects.values_list("state", flat=True).get(pk=case.workflow_id)
        if state != PAYMENT_STATE or not fees_paid(case):
            return False
        act_as_system(case=case, action="confirm_payment", comment="پرداخت عوارض تأیید شد.")
    return True
