"""Workflow facts billing answers: fees assessed, fees paid, renewal duty settled."""

from __future__ import annotations

from django.db.models import Sum

from nama.billing.constants import BILL_AMOUNT_UNIT, AssessmentStatus, Purpose
from nama.billing.models import Assessment
from nama.billing.services.assessments import live_assessment
from nama.billing.services.bills import case_fees_paid
from nama.billing.services.duties import is_settled, subject_key
from nama.billing.tariffs import current_year
from nama.cases.facts import register_fact
from nama.cases.models import Case

OPEN_FOR_CONSENT = frozenset({AssessmentStatus.PROPOSED, AssessmentStatus.ACCEPTED})


@register_fact("fees_assessed")
def fees_assessed(case: Case) -> bool:
    """The request has a live assessment the applicant may accept (guard of ``accept_fees``)."""
    assessment = live_assessment(case)
    return (
        assessment is not None and assessment.status in OPEN_FOR_CONSENT and assessment.total >= 0
    )


@register_fact("fees_paid")
def fees_paid(case: Case) -> bool:
    """The accepted fees are paid: every live bill of the request is paid, or the accepted
    assessment owes nothing a bill could carry (guard of ``confirm_payment``)."""
    assessment = live_assessment(case)
    if assessment is None or assessment.status != AssessmentStatus.ACCEPTED:
        return False
    return owes_nothing(assessment) or case_fees_paid(case)


def owes_nothing(assessment: Assessment) -> bool:
    """No beneficiary account's lines add up to a bill: a bill carries whole thousands of
    rials, so an account owing less than that gets none (ADR 0030)."""
    sums = assessment.lines.values("account").annotate(owed=Sum("amount"))
    return all(row["owed"] < BILL_AMOUNT_UNIT for row in sums)


@register_fact("renewal_duty_settled")
def renewal_duty_settled(case: Case) -> bool:
    """The request's property owes no renewal duty up to this Jalali year."""
    if case.parcel is None:
        return False
    key = subject_key(parcel=case.parcel)
    return is_settled(Purpose.RENEWAL_DUTY, key, current_year())
