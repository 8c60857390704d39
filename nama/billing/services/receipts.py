"""Recording that a bill was paid: the one place a receipt is written (ADR 0030, 0031).

``record_receipt`` locks the bill row and writes the receipt only for an issued bill of the same
amount; the one-to-one ``Receipt.bill`` is the database's backstop should two writers ever get
past the lock. Whatever the route (gateway or bank file), a bill is paid at most once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.billing.constants import BillStatus, LedgerKind, ReceiptSource
from nama.billing.models import BankImportRow, Bill, DutyYear, Receipt
from nama.billing.services.ledger import post
from nama.billing.signals import bill_paid
from nama.core.money import ensure_rials
from nama.core.problems import NotFoundError
from nama.payments.models import Payment

NO_SUCH_BILL = "قبض پیدا نشد."


def record_receipt(
    *,
    bill_pk: int,
    amount: int,
    source: ReceiptSource,
    paid_at: datetime,
    payment: Payment | None = None,
    bank_row: BankImportRow | None = None,
    reference: str = "",
) -> Receipt | None:
    """Record that bill ``bill_pk`` was paid ``amount`` rials at ``paid_at``: the bill becomes
    paid, the ledger records the money received, duty years the bill completes are settled and
    ``bill_paid`` is sent after commit. Returns None and writes nothing when the bill is not
    issued (already paid, void, refunded, provisional) or the amount differs: the caller then
    refunds or reports the money."""
    ensure_rials(amount)
    if timezone.is_naive(paid_at):
        raise ValueError(f"Naive paid_at {paid_at!r}: pass an aware datetime.")
    with transaction.atomic():
        bill = _locked(bill_pk)
        if bill.status != BillStatus.ISSUED or amount != bill.amount:
            return None
        try:
            with transaction.atomic():  # a savepoint: a refused insert leaves the caller's work
                receipt = Receipt.objects.create(
                    bill=bill,
                    amount=amount,
                    source=source,
                    payment=payment,
                    bank_row=bank_row,
                    reference=reference[:64],
                    paid_at=paid_at,
                )
        except IntegrityError:
            return None
        _mark_paid(bill, receipt)
        post(kind=LedgerKind.RECEIVED, bill=bill, receipt=receipt, memo=f"وصول {bill.bill_number}")
        _settle_duty_years(bill)
        transaction.on_commit(lambda: bill_paid.send(sender=Bill, bill=bill))
    return receipt


def _locked(bill_pk: int) -> Bill:
    try:
        return Bill.objects.select_for_update(of=("self",)).get(pk=bill_pk)
    except Bill.DoesNotExist:
        raise NotFoundError(NO_SUCH_BILL, code="bill_not_found") from None


def _mark_paid(bill: Bill, receipt: Receipt) -> None:
    bill.status = BillStatus.PAID
    bill.paid_at = receipt.paid_at
    fields = ["status", "paid_at"]
    if receipt.source == ReceiptSource.BANK_FILE:
        bill.bank_confirmed_at = timezone.now()  # the bank's own file says it was paid
        fields.append("bank_confirmed_at")
    bill.save(update_fields=fields)


def _settle_duty_years(bill: Bill) -> None:
    """Settle the duty years of the bill's statement once every live bill of it is paid (a
    statement may be several bills: accounts, installments); the amount is each year's share."""
    if bill.assessment_id is None:
        rows = DutyYear.objects.filter(bill=bill, settled_at__isnull=True)
    else:
        siblings = Bill.objects.filter(assessment_id=bill.assessment_id)
        if siblings.exclude(status__in=(BillStatus.PAID, BillStatus.VOID)).exists():
            return
        rows = DutyYear.objects.filter(bill__in=siblings, settled_at__isnull=True)
    owed: dict[int, int] = defaultdict(int)
    if bill.assessment is not None:
        for year, line_amount in bill.assessment.lines.values_list("jalali_year", "amount"):
            if year is not None:
                owed[year] += line_amount
    now = timezone.now()
    for row in rows:
        row.settled_at = now
        row.amount = max(0, owed.get(row.jalali_year, 0))
        row.save(update_fields=["settled_at", "amount"])
