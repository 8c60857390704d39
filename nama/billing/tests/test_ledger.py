"""The ledger balances through a bill's whole life, and the check catches real imbalances."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.billing.constants import LedgerKind, ReceiptSource
from nama.billing.models import Bill, LedgerEntry, Receipt
from nama.billing.services.bills import issue_bills, reissue_bill
from nama.billing.services.ledger import account_balances, check_ledger
from nama.billing.services.receipts import record_receipt
from nama.billing.services.refunds import complete_refund, open_duplicate_refund
from nama.billing.tests.builders import an_assessment
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer() -> User:
    return make_user()


def _bills(payer: User) -> list[Bill]:
    lines = [("municipality", 10_000_000), ("education", 500_400)]
    return issue_bills(assessment=an_assessment(payer, lines=lines), actor=payer)


def _payment(bill: Bill, order_id: str, status: PaymentStatus) -> Payment:
    return Payment.objects.create(
        bill=bill,
        payer=bill.payer,
        provider="sandbox",
        order_id=order_id,
        amount=bill.amount,
        status=status,
    )


def _receive(bill: Bill, payment: Payment) -> None:
    record_receipt(
        bill_pk=bill.pk,
        amount=bill.amount,
        source=ReceiptSource.GATEWAY,
        paid_at=timezone.now(),
        payment=payment,
    )


def test_balances_through_issue_payment_correction_and_duplicate(payer: User) -> None:
    municipality, education = _bills(payer)
    _receive(municipality, _payment(municipality, "ORD-1", PaymentStatus.PAID))
    duplicate = _payment(municipality, "ORD-2", PaymentStatus.REFUNDED)
    refund = open_duplicate_refund(bill=municipality, payment=duplicate, reason="تکراری")
    complete_refund(refund=refund, reference="REV-1")
    reissue_bill(bill=education, actor=None, reason="اصلاح", amount=400_000)

    balances = {balance.account.code: balance for balance in account_balances()}

    assert check_ledger() == []
    city = balances["municipality"]
    assert (city.receivable, city.received, city.refunded, city.outstanding) == (
        10_000_000,
        10_000_000,
        10_000_000,
        0,
    )
    schools = balances["education"]
    assert (schools.receivable, schools.cancelled, schools.outstanding) == (
        900_000,
        500_000,
        400_000,
    )
    assert balances["vat"].receivable == 0  # active accounts are listed even without entries


def test_a_receipt_without_its_ledger_entry_is_reported(payer: User) -> None:
    bill = _bills(payer)[0]
    Receipt.objects.create(
        bill=bill, amount=bill.amount, source=ReceiptSource.BANK_FILE, paid_at=timezone.now()
    )
    Bill.objects.filter(pk=bill.pk).update(status="paid")

    problems = check_ledger()

    assert any("قبض با رسید بدون سند وصول" in line for line in problems)
    assert any(line.startswith(bill.account.name) and "وصول" in line for line in problems)


def test_an_extra_entry_is_reported(payer: User) -> None:
    bill = _bills(payer)[0]
    LedgerEntry.objects.create(
        account=bill.account, kind=LedgerKind.REFUNDED, amount=1_000, bill=bill
    )

    problems = check_ledger()

    assert any("سند دفتر نادرست" in line and str(bill.bill_number) in line for line in problems)
    assert any("استرداد" in line and line.startswith(bill.account.name) for line in problems)


def test_an_entry_on_the_wrong_account_is_reported(payer: User) -> None:
    municipality, education = _bills(payer)
    LedgerEntry.objects.filter(bill=education).update(account=municipality.account)

    assert any("سند دفتر نادرست" in line for line in check_ledger())


def test_a_paid_payment_without_a_receipt_is_reported(payer: User) -> None:
    bill = _bills(payer)[0]
    _payment(bill, "ORD-LOST", PaymentStatus.PAID)

    problems = check_ledger()

    assert any("ORD-LOST" in line for line in problems)
    assert any("درگاه" in line for line in problems)


def test_a_duplicate_payment_without_its_refund_is_reported(payer: User) -> None:
    bill = _bills(payer)[0]
    _payment(bill, "ORD-DUP", PaymentStatus.DUPLICATE)

    assert any("تکراری" in line for line in check_ledger())


def test_the_command_prints_balances_and_fails_when_unbalanced(payer: User) -> None:
    bill = _bills(payer)[0]
    out = StringIO()

    call_command("ledger", "check", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == [
        "account",
        "receivable",
        "cancelled",
        "received",
        "refunded",
        "outstanding",
    ]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:-1]}
    assert rows["municipality"] == ["10,000,000", "0", "0", "0", "10,000,000"]
    assert lines[-1] == "ledger: balanced"

    LedgerEntry.objects.filter(bill=bill).delete()
    errors = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("ledger", "check", stdout=StringIO(), stderr=errors)
    assert "قبض صادرشده بدون سند بدهی" in errors.getvalue()
