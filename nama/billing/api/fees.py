"""A request's fees through the API: ``GET /api/v1/bills/requests/{code}/fees`` (the assessment
line by line and the bills), ``POST …/fees/accept`` and ``POST …/fees/dispute`` — the same
consent service as the request's fee page (ADR 0030)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Schema

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user
from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.api.common import bill_summary, labelled
from nama.billing.api.routers import router
from nama.billing.api.schemas import BillSummaryOut
from nama.billing.constants import AssessmentStatus
from nama.billing.fee_lines import case_bills, line_rows
from nama.billing.models import Assessment
from nama.billing.services.assessments import live_assessment
from nama.billing.services.consent import (
    accept_fees,
    dispute_fees,
    fingerprint,
    max_installments,
)
from nama.cases.models import Case
from nama.cases.schemas import LabelledOut
from nama.cases.selectors import actions_for, case_for
from nama.core.problems import NotFoundError

NOT_FOUND = "درخواستی با این کد رهگیری در فهرست شما نیست."


class FeeLineOut(Schema):
    position: int
    rule: str
    label: str
    account: str = Field(description="The beneficiary account's name.")
    amount: int = Field(description="Rials; negative for a discount.")
    explanation: str = Field(description="The formula with its numbers, in Persian.")
    adjusted_reason: str = Field(description="Why staff changed the line ('' when not).")


class FeeAssessmentOut(Schema):
    status: LabelledOut
    total: int
    tariff_year: int
    illustrative: bool = Field(description="Computed from an illustrative (demo) tariff book.")
    fingerprint: str = Field(description="Send back as `seen` when accepting.")
    lines: list[FeeLineOut]


class FeesOut(Schema):
    assessment: FeeAssessmentOut | None
    max_installments: int = Field(description="Monthly installments the tariff allows (1: none).")
    may_accept: bool
    may_dispute: bool
    bills: list[BillSummaryOut]


class FeeAcceptIn(Schema):
    seen: str = Field("", description="The `fingerprint` you showed; refused if it changed.")
    installments: int = Field(1, description="1, or up to `max_installments` monthly bills.")
    expected_step: int | None = None


class FeeDisputeIn(Schema):
    reason: str = Field(description="10–2000 characters: which line and why.")
    expected_step: int | None = None


def _case(request: HttpRequest, code: str) -> tuple[User, Case]:
    user = current_user(request)
    case = case_for(user, code)
    if not can(user, "cases.act_as_applicant", case):
        raise NotFoundError(NOT_FOUND)
    return user, case


def _assessment_out(assessment: Assessment) -> FeeAssessmentOut:
    return FeeAssessmentOut(
        status=labelled(assessment.status, assessment.get_status_display()),
        total=assessment.total,
        tariff_year=assessment.tariff_year,
        illustrative=assessment.illustrative,
        fingerprint=fingerprint(assessment),
        lines=[
            FeeLineOut(
                position=row.line.position,
                rule=row.line.rule,
                label=row.line.label,
                account=row.line.account.name,
                amount=row.line.amount,
                explanation=row.line.explanation,
                adjusted_reason=row.reason,
            )
            for row in line_rows(assessment)
        ],
    )


def _fees(user: User, case: Case) -> FeesOut:
    assessment = live_assessment(case)
    actions = {action.action for action in actions_for(user, case)}
    proposed = assessment is not None and assessment.status == AssessmentStatus.PROPOSED
    return FeesOut(
        assessment=_assessment_out(assessment) if assessment is not None else None,
        max_installments=max_installments(assessment) if assessment is not None else 1,
        may_accept=proposed and "accept_fees" in actions,
        may_dispute=proposed and "dispute_fees" in actions,
        bills=[bill_summary(bill) for bill in case_bills(case)],
    )


@router.get(
    "/requests/{tracking_code}/fees",
    response={200: FeesOut, **problems(401, 404)},
    summary="A request's fees and bills",
    description="The live assessment line by line (none before the fees are computed) and the "
    "request's bills (pay each with POST /api/v1/payments).",
)
def get_fees(request: HttpRequest, tracking_code: str) -> FeesOut:
    user, case = _case(request, tracking_code)
    return _fees(user, case)


@router.post(
    "/requests/{tracking_code}/fees/accept",
    response={200: FeesOut, **problems(401, 404, 409, 422)},
    summary="Accept the computed fees",
    description="Records the acceptance, takes the step and issues the bills. 409 when the "
    "figures changed since `seen` or the request moved on (`expected_step`).",
)
def accept(request: HttpRequest, tracking_code: str, payload: FeeAcceptIn) -> FeesOut:
    user, case = _case(request, tracking_code)
    accept_fees(
        case=case,
        actor=user,
        expected_step=payload.expected_step,
        seen=payload.seen,
        installments=payload.installments,
    )
    return _fees(user, case)


@router.post(
    "/requests/{tracking_code}/fees/dispute",
    response={200: FeesOut, **problems(401, 404, 409, 422)},
    summary="Dispute the computed fees",
    description="The reason goes to the district's revenue officer, who reviews and recomputes.",
)
def dispute(request: HttpRequest, tracking_code: str, payload: FeeDisputeIn) -> FeesOut:
    user, case = _case(request, tracking_code)
    dispute_fees(case=case, actor=user, reason=payload.reason, expected_step=payload.expected_step)
    return _fees(user, case)
