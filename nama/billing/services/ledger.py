"""The append-only ledger: posting entries, per-account balances and the check that proves the
ledger agrees with bills, receipts, refunds and gateway payments (ADR 0030).

Per beneficiary account: receivable − cancelled − received is what issued bills still owe;
received equals the receipts of the account's bills and refunded its done refunds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum

from nama.billing.constants import BillStatus, LedgerKind, ReceiptSource, RefundKind, RefundStatus
from nama.billing.models import BeneficiaryAccount, Bill, LedgerEntry, Receipt, Refund
from nama.core.money import format_rials
from nama.core.text import to_persian_digits
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

# Bills that were made receivable (every status but provisional), and of them the ones not void.
_ISSUED = (BillStatus.ISSUED, BillStatus.PAID, BillStatus.VOID, BillStatus.REFUNDED)
_OWED = (BillStatus.ISSUED, BillStatus.PAID, BillStatus.REFUNDED)
RECEIVABLE, CANCELLED, RECEIVED = LedgerKind.RECEIVABLE, LedgerKind.CANCELLED, LedgerKind.RECEIVED
_LISTED = 5  # bills named per problem; the count says how many more


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """One beneficiary account's totals in rials."""

    account: BeneficiaryAccount
    receivable: int
    cancelled: int
    received: int
    refunded: int

    @property
    def outstanding(self) -> int:
        """What issued, unpaid bills of the account still owe."""
        return self.receivable - self.cancelled - self.received


def post(
    *,
    kind: LedgerKind,
    bill: Bill,
    receipt: Receipt | None = None,
    refund: Refund | None = None,
    memo: str = "",
) -> LedgerEntry:
    """Append one entry to the account of ``bill``: receivable and cancelled carry the bill's
    amount, received the receipt's, refunded the refund's. Call inside the writer's transaction."""
    amounts = {
        LedgerKind.RECEIVABLE: bill.amount,
        LedgerKind.CANCELLED: bill.amount,
        LedgerKind.RECEIVED: receipt.amount if receipt is not None else None,
        LedgerKind.REFUNDED: refund.amount if refund is not None else None,
    }
    amount = amounts[kind]
    if amount is None:
        raise ValueError(
            f"A {kind} entry needs its {'receipt' if kind == 'received' else 'refund'}"
        )
    return LedgerEntry.objects.create(
        account_id=bill.account_id,
        kind=kind,
        amount=amount,
        bill=bill,
        receipt=receipt,
        refund=refund,
        memo=memo[:200],
    )


def account_balances() -> list[AccountBalance]:
    """Totals per beneficiary account (active ones and any with entries), by company code."""
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    rows = LedgerEntry.objects.values("account_id", "kind").annotate(total=Sum("amount"))
    for row in rows:
        totals[row["account_id"]][row["kind"]] = int(row["total"])
    accounts = BeneficiaryAccount.objects.filter(Q(active=True) | Q(pk__in=list(totals)))
    return [
        AccountBalance(
            account=account,
            receivable=totals[account.pk].get(LedgerKind.RECEIVABLE, 0),
            cancelled=totals[account.pk].get(LedgerKind.CANCELLED, 0),
            received=totals[account.pk].get(LedgerKind.RECEIVED, 0),
            refunded=totals[account.pk].get(LedgerKind.REFUNDED, 0),
        )
        for account in accounts.order_by("company_code")
    ]


def check_ledger() -> list[str]:
    """Every disagreement between the ledger and the records it summarises, in Persian; an
    empty list when the ledger balances."""
    return [
        *_account_totals(),
        *_bill_entries(),
        *_gateway_agrees(),
    ]


def _sums(queryset: QuerySet[Any], key: str) -> dict[int, int]:
    rows = queryset.values(key).annotate(total=Sum("amount"))
    return {row[key]: int(row["total"]) for row in rows}


def _account_totals() -> list[str]:
    owed = _sums(Bill.objects.filter(status__in=_OWED), "account_id")
    receipts = _sums(Receipt.objects.all(), "bill__account_id")
    refunds = _sums(Refund.objects.filter(status=RefundStatus.DONE), "bill__account_id")
    problems = []
    for balance in account_balances():
        pk = balance.account.pk
        pairs = (
            ("بدهی صادرشده منهای ابطال", balance.receivable - balance.cancelled, owed.get(pk, 0)),
            ("وصول", balance.received, receipts.get(pk, 0)),
            ("استرداد", balance.refunded, refunds.get(pk, 0)),
        )
        problems += [
            f"{balance.account.name}: {label} در دفتر {format_rials(in_ledger)} است ولی در "
            f"قبض‌ها، رسیدها و استردادها {format_rials(in_records)}."
            for label, in_ledger, in_records in pairs
            if in_ledger != in_records
        ]
    return problems


def _bill_entries() -> list[str]:
    """Each bill's own entries: a receivable once issued, a cancellation iff void, a received
    entry iff it has a receipt; a paid bill has its receipt, of the bill's amount."""
    bills = Bill.objects.all()
    receipt = Q(receipt__isnull=False)
    paid = Q(status__in=(BillStatus.PAID, BillStatus.REFUNDED))
    checks: Iterable[tuple[str, QuerySet[Bill]]] = (
        ("قبض صادرشده بدون سند بدهی", bills.filter(status__in=_ISSUED).exclude(_has(RECEIVABLE))),
        ("قبض موقت با سند دفتر", bills.filter(status=BillStatus.PROVISIONAL).filter(_has())),
        ("قبض باطل بدون سند ابطال", bills.filter(status=BillStatus.VOID).exclude(_has(CANCELLED))),
        ("قبض معتبر با سند ابطال", bills.filter(status__in=_OWED).filter(_has(CANCELLED))),
        ("قبض با رسید بدون سند وصول", bills.filter(receipt).exclude(_has(RECEIVED))),
        ("قبض پرداخت‌شده بدون رسید", bills.filter(paid).exclude(receipt)),
        ("رسید برای قبض پرداخت‌نشده", bills.filter(receipt).exclude(paid)),
        ("رسید با مبلغی جز مبلغ قبض", bills.filter(receipt).exclude(receipt__amount=F("amount"))),
        ("سند دفتر نادرست", bills.filter(pk__in=_wrong_entries().values("bill_id"))),
        (
            "استرداد انجام‌شده بدون سند دفتر",
            bills.filter(pk__in=_unposted_refunds().values("bill_id")),
        ),
    )
    return [_named(label, queryset) for label, queryset in checks if queryset.exists()]


def _has(kind: LedgerKind | None = None) -> Q:
    entries = LedgerEntry.objects.filter(bill_id=OuterRef("pk"))
    return Q(Exists(entries.filter(kind=kind) if kind is not None else entries))


def _unposted_refunds() -> QuerySet[Refund]:
    posted = LedgerEntry.objects.filter(refund_id=OuterRef("pk"))
    return Refund.objects.filter(status=RefundStatus.DONE).exclude(Exists(posted))


def _wrong_entries() -> QuerySet[LedgerEntry]:
    """Entries on another account than their bill's, or whose amount or link disagrees with
    the bill, receipt or refund they record (a refund entry needs a done refund of its bill)."""
    entries = LedgerEntry.objects.all()
    wrong = ~Q(account_id=F("bill__account_id"))
    wrong |= Q(kind__in=(RECEIVABLE, CANCELLED)) & ~Q(amount=F("bill__amount"))
    wrong |= Q(kind=RECEIVED) & (
        Q(receipt__isnull=True)
        | ~Q(receipt__bill_id=F("bill_id"))
        | ~Q(amount=F("receipt__amount"))
    )
    wrong |= Q(kind=LedgerKind.REFUNDED) & (
        Q(refund__isnull=True)
        | ~Q(refund__status=RefundStatus.DONE)
        | ~Q(refund__bill_id=F("bill_id"))
        | ~Q(amount=F("refund__amount"))
    )
    return entries.filter(wrong)


def _gateway_agrees() -> list[str]:
    """Gateway money in equals gateway receipts; duplicate payments equal duplicate refunds."""
    problems = []
    paid = _total(Payment.objects.filter(status=PaymentStatus.PAID))
    gateway = _total(Receipt.objects.filter(source=ReceiptSource.GATEWAY))
    if paid != gateway:
        problems.append(
            f"جمع پرداخت‌های موفق درگاه {format_rials(paid)} است ولی جمع رسیدهای درگاه "
            f"{format_rials(gateway)}."
        )
    orphans = Payment.objects.filter(status=PaymentStatus.PAID, receipt__isnull=True)
    if orphans.exists():
        orders = ", ".join(orphans.order_by("pk").values_list("order_id", flat=True)[:_LISTED])
        problems.append(f"پرداخت موفق بدون رسید: {orders} (شمار: {_count(orphans)})")
    duplicates = _total(
        Payment.objects.filter(status__in=(PaymentStatus.DUPLICATE, PaymentStatus.REFUNDED))
    )
    refunds = _total(Refund.objects.filter(kind=RefundKind.DUPLICATE))
    if duplicates != refunds:
        problems.append(
            f"جمع پرداخت‌های تکراری {format_rials(duplicates)} است ولی جمع استردادهای "
            f"پرداخت تکراری {format_rials(refunds)}."
        )
    return problems


def _total(queryset: QuerySet[Any]) -> int:
    return int(queryset.aggregate(total=Sum("amount"))["total"] or 0)


def _count(queryset: QuerySet[Any]) -> str:
    return to_persian_digits(str(queryset.count()))


def _named(label: str, bills: QuerySet[Bill]) -> str:
    """``label``: the first bills' numbers (or pks) and how many there are."""
    distinct = bills.distinct().order_by("pk")
    names = [bill.bill_number or f"#{bill.pk}" for bill in distinct[:_LISTED]]
    return f"{label}: {', '.join(names)} (شمار: {_count(distinct)})"
