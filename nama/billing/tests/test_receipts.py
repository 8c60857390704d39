"""Recording receipts (the exactly-once point), settling duty years, and refunds."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.billing.constants import (
    BillStatus,
    LedgerKind,
    Purpose,
    ReceiptSource,
    RefundKind,
    RefundStatus,
)
from nama.billing.models import Bill, DutyYear, LedgerEntry, Receipt
from nama.billing.services.bills import issue_bills, void_bill
from nama.billing.services.ledger import check_ledger
from nama.billing.services.receipts import record_receipt
from nama.billing.services.refunds import (
    complete_refund,
    fail_refund,
    open_duplicate_refund,
    refund_bill,
)
from nama.billing.signals import bill_paid
from nama.billing.tests.builders import an_assessment
from nama.cases.tests.builders import owned_parcel
from nama.core.problems import ConflictError
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

pytestmark = pytest.mark.django_db


def _bill(payer: User, **kwargs: Any) -> Bill:
    (bill,) = issue_bills(assessment=an_assessment(payer, **kwargs), actor=payer)
    return bill


def _pay(bill: Bill, amount: int | None = None, payment: Payment | None = None) -> Receipt | None:
    """Record a receipt from ``payment`` (gateway), else from the bank's settlement file."""
    return record_receipt(
        bill_pk=bill.pk,
        amount=bill.amount if amount is None else amount,
        source=ReceiptSource.GATEWAY if payment is not None else ReceiptSource.BANK_FILE,
        paid_at=timezone.now(),
        payment=payment,
        reference="TRACE-1",
    )


def _payment(bill: Bill, order_id: str, status: PaymentStatus) -> Payment:
    return Payment.objects.create(
        bill=bill,
        payer=bill.payer,
        provider="sandbox",
        order_id=order_id,
        amount=bill.amount,
        status=status,
    )


def test_a_receipt_pays_the_bill_once_and_signals_after_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    bill = _bill(make_user())
    first = _payment(bill, "ORD-1", PaymentStatus.PAID)
    second = _payment(bill, "ORD-2", PaymentStatus.VERIFYING)
    seen: list[int] = []

    def listener(sender: Any, bill: Bill, **kwargs: Any) -> None:
        seen.append(bill.pk)

    bill_paid.connect(listener, dispatch_uid="test-receipts")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            receipt = _pay(bill, payment=first)
            assert seen == []  # not before the commit
        again = _pay(bill, payment=second)
    finally:
        bill_paid.disconnect(dispatch_uid="test-receipts")

    assert receipt is not None
    assert again is None
    assert seen == [bill.pk]
    bill.refresh_from_db()
    assert (bill.status, bill.paid_at) == (BillStatus.PAID, receipt.paid_at)
    assert bill.bank_confirmed_at is None  # a gateway payment waits for the bank's file
    received = LedgerEntry.objects.get(kind=LedgerKind.RECEIVED)
    assert (received.receipt, received.amount) == (receipt, bill.amount)
    assert Receipt.objects.count() == 1
    assert check_ledger() == []


def test_a_wrong_amount_or_a_void_bill_writes_nothing() -> None:
    payer = make_user()
    bill = _bill(payer)
    voided = void_bill(bill=_bill(payer), actor=None, reason="اصلاح")

    assert _pay(bill, amount=bill.amount - 1000) is None
    assert _pay(voided) is None

    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED
    assert not Receipt.objects.exists()
    assert not LedgerEntry.objects.filter(kind=LedgerKind.RECEIVED).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_receipts_of_one_bill_make_one_receipt() -> None:
    bill = _bill(make_user())
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []

    def pay() -> None:
        barrier.wait()
        try:
            outcomes.append(_pay(bill) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == [False, True]
    assert Receipt.objects.filter(bill=bill).count() == 1
    assert LedgerEntry.objects.filter(bill=bill, kind=LedgerKind.RECEIVED).count() == 1
    assert check_ledger() == []


def test_duty_years_settle_when_the_whole_statement_is_paid() -> None:
    payer = make_user()
    parcel = owned_parcel(payer)
    lines = [("municipality", 4_000_000), ("municipality", 4_480_000), ("education", 424_000)]
    assessment = an_assessment(
        payer, purpose=Purpose.RENEWAL_DUTY, lines=lines, parcel=parcel, years=[1404, 1405, 1405]
    )
    municipality, education = issue_bills(assessment=assessment, actor=payer)
    years = DutyYear.objects.filter(parcel=parcel).order_by("jalali_year")
    assert [(row.jalali_year, row.bill) for row in years] == [
        (1404, municipality),
        (1405, municipality),
    ]

    _pay(municipality)
    assert not DutyYear.objects.filter(settled_at__isnull=False).exists()
    _pay(education)

    assert [(row.jalali_year, row.amount) for row in years.filter(settled_at__isnull=False)] == [
        (1404, 4_000_000),
        (1405, 4_904_000),
    ]


def test_a_duplicate_payment_is_refunded_once_and_recorded() -> None:
    bill = _bill(make_user())
    first = _payment(bill, "ORD-1", PaymentStatus.PAID)
    _pay(bill, payment=first)
    second = _payment(bill, "ORD-2", PaymentStatus.DUPLICATE)
    with pytest.raises(ConflictError):
        open_duplicate_refund(bill=bill, payment=first, reason="پرداخت اول تکراری نیست")

    refund = open_duplicate_refund(bill=bill, payment=second, reason="پرداخت دوم")
    assert open_duplicate_refund(bill=bill, payment=second, reason="دوباره") == refund
    failed = fail_refund(refund=refund, message="timeout")
    assert (failed.status, failed.attempts) == (RefundStatus.FAILED, 1)
    done = complete_refund(refund=refund, reference="REV-77")
    assert complete_refund(refund=refund, reference="REV-77") == done

    assert (done.kind, done.status, done.attempts) == (RefundKind.DUPLICATE, RefundStatus.DONE, 2)
    entry = LedgerEntry.objects.get(kind=LedgerKind.REFUNDED)
    assert (entry.refund, entry.amount) == (refund, bill.amount)
    assert check_ledger() == []


def test_a_revenue_officer_refunds_a_paid_bill_and_its_years_are_owed_again() -> None:
    payer = make_user()
    parcel = owned_parcel(payer)
    bill = _bill(
        payer,
        purpose=Purpose.RENEWAL_DUTY,
        lines=[("municipality", 3_000_000)],
        parcel=parcel,
        years=[1405],
    )
    _pay(bill)
    officer = verified(staff_member(StaffRole.REVENUE_OFFICER, parcel.district.number))

    with pytest.raises(ValidationError):
        refund_bill(bill=bill, actor=officer, reason="حکم کمیسیون ماده ۷۷", reference=" ")
    refund = refund_bill(bill=bill, actor=officer, reason="حکم کمیسیون ماده ۷۷", reference="۱۲۳۴")

    bill.refresh_from_db()
    assert bill.status == BillStatus.REFUNDED
    assert (refund.kind, refund.status, refund.reference) == (
        RefundKind.BILL,
        RefundStatus.DONE,
        "1234",
    )
    assert DutyYear.objects.get(parcel=parcel).settled_at is None
    assert check_ledger() == []
