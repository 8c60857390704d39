"""Issuing bills from an assessment, installments, voiding and reissuing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.billing.constants import (
    AssessmentStatus,
    BillStatus,
    LedgerKind,
    Purpose,
    ReceiptSource,
)
from nama.billing.models import Bill, DutyYear, LedgerEntry
from nama.billing.services.bills import (
    ROUNDING_RULE,
    case_fees_paid,
    issue_bills,
    open_bills,
    reissue_bill,
    void_bill,
)
from nama.billing.services.ledger import check_ledger
from nama.billing.services.receipts import record_receipt
from nama.billing.tests.builders import a_vehicle, an_assessment
from nama.cases.tests.builders import draft, owned_parcel
from nama.core.identifiers import barcode, parse_bill
from nama.core.jalali import tehran_today, to_jalali
from nama.core.problems import ConflictError, ForbiddenError

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer() -> User:
    return make_user()


def _sum_lines(bill: Bill) -> int:
    return sum(bill.lines.values_list("amount", flat=True))


def test_one_bill_per_account_rounded_down_with_ids_that_parse(payer: User) -> None:
    parcel = owned_parcel(payer)
    lines = [
        ("municipality", 12_345_678),
        ("education", 617_283),
        ("municipality", -345_000),  # a discount on the same account
        ("fire_service", 999),  # under 1,000 rials: no bill
        ("vat", -5_000),  # a negative share: no bill
    ]
    assessment = an_assessment(payer, lines=lines, parcel=parcel)

    bills = issue_bills(assessment=assessment, actor=payer)

    assert [(bill.account.code, bill.amount) for bill in bills] == [
        ("municipality", 12_000_000),
        ("education", 617_000),
    ]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert assessment.accepted_by == payer
    year = to_jalali(tehran_today()).year
    for bill in bills:
        assert bill.status == BillStatus.ISSUED
        assert bill.district == parcel.district
        assert bill.due_on == tehran_today() + timedelta(days=settings.NAMA_BILL_DUE_DAYS)
        assert _sum_lines(bill) == bill.amount
        assert bill.bill_number is not None
        parsed = parse_bill(bill.bill_number, bill.payment_number)
        assert (parsed.file_code, parsed.company_code) == (bill.pk, bill.account.company_code)
        assert (parsed.amount_rials, parsed.period) == (bill.amount, 1)
        assert (parsed.service_type, parsed.year_digit) == (6, year % 10)
        assert len(barcode(bill.bill_number, bill.payment_number)) == 26
        assert bill.entries.get().kind == LedgerKind.RECEIVABLE
    rounding = bills[1].lines.get(rule=ROUNDING_RULE)
    assert (rounding.label, rounding.amount) == ("کسر رند", -283)
    assert check_ledger() == []


def test_issuing_twice_returns_the_same_bills(payer: User) -> None:
    assessment = an_assessment(payer)
    first = issue_bills(assessment=assessment, actor=payer)

    again = issue_bills(assessment=assessment, actor=payer, installments=3)

    assert [bill.pk for bill in again] == [bill.pk for bill in first]
    assert LedgerEntry.objects.count() == 1


def test_a_vehicle_duty_bill_has_no_district(payer: User) -> None:
    vehicle = a_vehicle(payer)
    assessment = an_assessment(
        payer, purpose=Purpose.VEHICLE_DUTY, lines=[("municipality", 2_500_000)], vehicle=vehicle
    )

    (bill,) = issue_bills(assessment=assessment, actor=None)

    assert bill.district is None
    assert bill.vehicle == vehicle
    assert bill.purpose == Purpose.VEHICLE_DUTY


def test_a_disputed_assessment_gets_no_bills(payer: User) -> None:
    assessment = an_assessment(payer, status=AssessmentStatus.DISPUTED)

    with pytest.raises(ConflictError):
        issue_bills(assessment=assessment, actor=payer)

    assert not Bill.objects.exists()


@pytest.mark.usefixtures("tariffs")
def test_installments_split_in_thousands_monthly(payer: User) -> None:
    lines = [("municipality", 600_000_500), ("education", 30_001_000)]
    assessment = an_assessment(payer, lines=lines)

    bills = issue_bills(assessment=assessment, actor=payer, installments=3)

    municipality = [bill for bill in bills if bill.account.code == "municipality"]
    assert [(b.period, b.installments, b.amount) for b in municipality] == [
        (1, 3, 200_000_000),
        (2, 3, 200_000_000),
        (3, 3, 200_000_000),
    ]
    education = [bill.amount for bill in bills if bill.account.code == "education"]
    assert education == [10_001_000, 10_000_000, 10_000_000]
    for bill in bills:
        assert bill.bill_number is not None
        assert _sum_lines(bill) == bill.amount
        assert parse_bill(bill.bill_number, bill.payment_number).period == bill.period
    first, second, third = (to_jalali(bill.due_on) for bill in municipality)
    assert (second.month - first.month) % 12 == 1
    assert (third.month - first.month) % 12 == 2
    assert municipality[0].lines.get(rule=ROUNDING_RULE).amount == -500


@pytest.mark.usefixtures("tariffs")
def test_installments_beyond_the_policy_are_refused(payer: User) -> None:
    small = an_assessment(payer, lines=[("municipality", 12_000_000)])  # under the minimum

    with pytest.raises(ValidationError):
        issue_bills(assessment=small, actor=payer, installments=2)

    small.refresh_from_db()
    assert small.status == AssessmentStatus.PROPOSED
    assert not Bill.objects.exists()


def test_void_needs_an_issued_bill_and_a_reason(payer: User) -> None:
    (bill,) = issue_bills(assessment=an_assessment(payer), actor=payer)

    with pytest.raises(ValidationError):
        void_bill(bill=bill, actor=None, reason="  ")
    voided = void_bill(bill=bill, actor=None, reason="اشتباه در مساحت")

    assert voided.status == BillStatus.VOID
    assert voided.void_reason == "اشتباه در مساحت"
    assert bill.entries.filter(kind=LedgerKind.CANCELLED, amount=bill.amount).exists()
    with pytest.raises(ConflictError):
        void_bill(bill=bill, actor=None, reason="دوباره")
    assert check_ledger() == []


def test_only_the_districts_revenue_officer_may_void(payer: User) -> None:
    (bill,) = issue_bills(assessment=an_assessment(payer, parcel=owned_parcel(payer)), actor=payer)
    elsewhere = verified(staff_member(StaffRole.REVENUE_OFFICER, 3))
    officer = verified(staff_member(StaffRole.REVENUE_OFFICER, 7))

    for refused in (payer, elsewhere):
        with pytest.raises(ForbiddenError):
            void_bill(bill=bill, actor=refused, reason="اصلاح")
    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED

    assert void_bill(bill=bill, actor=officer, reason="اصلاح").status == BillStatus.VOID


def test_a_correction_voids_and_reissues_never_changing_an_amount(payer: User) -> None:
    (old,) = issue_bills(assessment=an_assessment(payer), actor=payer)

    new = reissue_bill(bill=old, actor=None, reason="تخفیف ایثارگری", amount=10_000_000)

    old.refresh_from_db()
    assert (old.status, old.amount) == (BillStatus.VOID, 12_500_000)
    assert (new.status, new.amount, new.replaces) == (BillStatus.ISSUED, 10_000_000, old)
    assert new.bill_number != old.bill_number
    assert new.bill_number is not None
    assert parse_bill(new.bill_number, new.payment_number).amount_rials == 10_000_000
    assert _sum_lines(new) == 10_000_000
    assert new.lines.get(rule="correction").amount == -2_500_000
    with pytest.raises(ValidationError):
        reissue_bill(bill=new, actor=None, reason="مبلغ کسری", amount=10_000_500)
    assert check_ledger() == []


@pytest.mark.usefixtures("catalog")
def test_case_fees_paid_needs_every_live_bill_paid(payer: User) -> None:
    case = draft(payer, owned_parcel(payer), filled=False)
    lines = [("municipality", 5_000_000), ("education", 250_000)]
    bills = issue_bills(assessment=an_assessment(payer, lines=lines, case=case), actor=payer)
    assert {bill.district for bill in bills} == {case.district}
    assert list(open_bills(case)) == bills
    assert not case_fees_paid(case)

    for bill in bills:
        record_receipt(
            bill_pk=bill.pk,
            amount=bill.amount,
            source=ReceiptSource.GATEWAY,
            paid_at=timezone.now(),
        )

    assert case_fees_paid(case)
    assert not open_bills(case).exists()


def test_a_newer_duty_statement_voids_the_unpaid_earlier_one(payer: User) -> None:
    parcel = owned_parcel(payer)

    def statement() -> Bill:
        assessment = an_assessment(
            payer,
            purpose=Purpose.RENEWAL_DUTY,
            lines=[("municipality", 3_000_000)],
            parcel=parcel,
            years=[1405],
        )
        (bill,) = issue_bills(assessment=assessment, actor=payer)
        return bill

    earlier = statement()
    newer = statement()

    earlier.refresh_from_db()
    assert earlier.status == BillStatus.VOID
    assert DutyYear.objects.get(parcel=parcel, jalali_year=1405).bill == newer
    record_receipt(
        bill_pk=newer.pk,
        amount=newer.amount,
        source=ReceiptSource.BANK_FILE,
        paid_at=timezone.now(),
    )
    with pytest.raises(ConflictError):
        statement()  # the year is settled now
    assert check_ledger() == []
