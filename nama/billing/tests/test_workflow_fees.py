"""A building permit's fees in its workflow: the revenue officer computes them, the applicant
accepts (bills are issued, one per beneficiary account) or disputes (the officer reviews and
sends them back), and paying the last bill moves the request on — the platform's own step.
A request that owes nothing moves on as soon as it is accepted.

The helpers here (``at_fee_assessment``, ``assess``) are shared by the other fee tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.billing.constants import AssessmentStatus, BillStatus, Purpose, ReceiptSource
from nama.billing.models import Assessment, Bill
from nama.billing.services.assessments import adjust_line, live_assessment
from nama.billing.services.consent import accept_fees, dispute_fees
from nama.billing.services.duties import record_opening_balance
from nama.billing.services.ledger import check_ledger
from nama.billing.services.receipts import record_receipt
from nama.billing.signals import bill_paid
from nama.billing.tariffs import current_year
from nama.cases.facts import fact
from nama.cases.models import Case
from nama.cases.services import act, withdraw
from nama.cases.tests.builders import draft, owned_parcel
from nama.inspections.selectors import all_clear_checklist
from nama.inspections.services import DraftIn, submit_report
from nama.inspections.tests.builders import at_visit
from nama.workflow.models import TransitionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]

DISPUTE = "زیربنای کل ۴۵۰ متر است، نه بیشتر؛ ردیف زیربنا را بازبینی کنید."


@contextmanager
def committed() -> Iterator[None]:
    """Run what the block leaves for after commit (effects, the ``bill_paid`` signal)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def revenue_officer(district: int = 7) -> User:
    return verified(staff_member(StaffRole.REVENUE_OFFICER, district))


def at_fee_assessment(owner: User | None = None) -> Case:
    """A D15 request of ``owner`` past its visit and technical review: the fees are next."""
    case, visit = at_visit(owner=owner)
    values = {"land_area": "600", "floors": "0", "violations": ""}
    draft = DraftIn(revision=0, values=values, checklist=all_clear_checklist(case))
    submit_report(actor=visit.inspector, visit=visit, submission_key="k1", draft=draft)
    planner = verified(staff_member(StaffRole.PLANNING_OFFICER, 7))
    act(actor=planner, case=case, action="approve_technically")
    case.refresh_from_db()
    return case


def assess(case: Case, officer: User | None = None) -> Assessment:
    """The revenue officer computes the fees: the request waits for the applicant's word."""
    with committed():
        act(actor=officer or revenue_officer(), case=case, action="assess_fees")
    assessment = live_assessment(case)
    assert assessment is not None
    return assessment


def state(case: Case) -> str:
    case.refresh_from_db()
    assert case.workflow is not None
    case.workflow.refresh_from_db()
    return case.workflow.state


def pay(bill: Bill) -> None:
    with committed():
        record_receipt(
            bill_pk=bill.pk,
            amount=bill.amount,
            source=ReceiptSource.GATEWAY,
            paid_at=timezone.now(),
        )


def test_accepted_fees_are_billed_and_the_last_payment_moves_the_request_on() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assert not fact(case, "fees_assessed")

    assessment = assess(case)
    assert state(case) == "fee_consent"
    assert assessment.status == AssessmentStatus.PROPOSED
    assert assessment.total > 0
    assert fact(case, "fees_assessed")

    with committed():
        accept_fees(case=case, actor=owner)
    assert state(case) == "payment"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.accepted_by) == (AssessmentStatus.ACCEPTED, owner)
    bills = list(Bill.objects.filter(case=case).order_by("pk"))
    assert len(bills) > 1  # the municipality's and the shares: one bill per account
    assert len({bill.account_id for bill in bills}) == len(bills)
    assert {bill.status for bill in bills} == {BillStatus.ISSUED}
    assert not fact(case, "fees_paid")

    *first, last = bills
    for bill in first:
        pay(bill)
    assert state(case) == "payment"
    pay(last)
    assert state(case) == "drafting"
    confirmed = TransitionRecord.objects.filter(instance=case.workflow).latest("step")
    assert (confirmed.action, confirmed.actor, confirmed.actor_role) == (
        "confirm_payment",
        None,
        "system",
    )

    with committed():  # the signal again (a replay): nothing more happens
        bill_paid.send(sender=Bill, bill=last)
    assert TransitionRecord.objects.filter(instance=case.workflow).latest("step") == confirmed


def test_a_dispute_is_reviewed_by_the_revenue_officer_and_comes_back_for_consent() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    first = assess(case)
    officer = revenue_officer()

    with pytest.raises(ValidationError):
        dispute_fees(case=case, actor=owner, reason="گران است")  # too short to say why
    first.refresh_from_db()
    assert (state(case), first.status) == ("fee_consent", AssessmentStatus.PROPOSED)

    # Round one: the officer changes nothing, so the fees are computed again.
    dispute_fees(case=case, actor=owner, reason=DISPUTE)
    first.refresh_from_db()
    assert (state(case), first.status, first.dispute_reason) == (
        "fee_dispute",
        AssessmentStatus.DISPUTED,
        DISPUTE,
    )
    with committed():
        act(actor=officer, case=case, action="reassess_fees", inputs={"reason": "بازبینی شد"})
    second = live_assessment(case)
    assert second is not None
    first.refresh_from_db()
    assert first.status == AssessmentStatus.SUPERSEDED
    assert (state(case), second.status) == ("fee_consent", AssessmentStatus.PROPOSED)

    # Round two: the officer lowers a line; the adjusted assessment goes back as it is.
    dispute_fees(case=case, actor=owner, reason=DISPUTE)
    line = second.lines.filter(amount__gt=0).order_by("-amount").first()
    assert line is not None
    lowered = line.amount // 2
    adjust_line(line=line, actor=officer, amount=lowered, reason="زیربنا طبق نقشه ۴۵۰ متر است")
    with committed():
        act(actor=officer, case=case, action="reassess_fees", inputs={"reason": "اصلاح شد"})
    assert live_assessment(case) == second
    second.refresh_from_db()
    line.refresh_from_db()
    assert (state(case), second.status, line.amount) == (
        "fee_consent",
        AssessmentStatus.PROPOSED,
        lowered,
    )


def test_a_request_that_owes_nothing_moves_on_when_accepted() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    officer = revenue_officer()
    for line in assessment.lines.order_by("amount"):  # discounts first: the total stays ≥ 0
        adjust_line(line=line, actor=officer, amount=0, reason="معافیت خانواده شاهد")

    with committed():
        accept_fees(case=case, actor=owner)

    assert not Bill.objects.filter(case=case).exists()
    assert state(case) == "drafting"


def test_withdrawing_a_request_voids_its_unpaid_bills() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assess(case)
    with TestCase.captureOnCommitCallbacks(execute=False) as pending:
        accept_fees(case=case, actor=owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        withdraw(actor=owner, case=case, reason="")
    for callback in pending:  # the worker gets to the accepted step's effects late
        callback()
    assert state(case) == "withdrawn"
    bills = Bill.objects.filter(case=case)
    assert bills.exists()
    assert set(bills.values_list("status", flat=True)) == {BillStatus.VOID}
    assert check_ledger() == []


def test_renewal_duty_is_settled_when_every_year_through_this_one_is() -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    assert not fact(case, "renewal_duty_settled")
    year = current_year()
    for through, settled in ((year - 1, False), (year, True)):  # this year owed, then paid
        record_opening_balance(
            purpose=Purpose.RENEWAL_DUTY, through_year=through, actor=None, parcel=case.parcel
        )
        assert fact(case, "renewal_duty_settled") == settled


def test_a_dispute_through_the_bare_workflow_step_is_recorded_on_the_fees() -> None:
    """A counter clerk's generic action form takes the step without the fee page."""
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    with committed():
        act(actor=owner, case=case, action="dispute_fees", inputs={"reason": DISPUTE})
    assessment.refresh_from_db()
    assert (assessment.status, assessment.dispute_reason) == (AssessmentStatus.DISPUTED, DISPUTE)
    assert state(case) == "fee_dispute"
