"""The append-only ledger per beneficiary account, and imported bank settlement files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.billing.constants import BankImportOutcome, LedgerKind


class LedgerEntry(models.Model):
    """One movement; never updated or deleted. ``nama ledger check`` proves it balances."""

    account = models.ForeignKey(
        "billing.BeneficiaryAccount", on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField("نوع", max_length=12, choices=LedgerKind)
    amount = models.BigIntegerField("مبلغ (ریال)")
    bill = models.ForeignKey("billing.Bill", on_delete=models.PROTECT, related_name="entries")
    receipt = models.ForeignKey(
        "billing.Receipt", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund = models.ForeignKey(
        "billing.Refund", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    memo = models.CharField("شرح", max_length=200, blank=True)

    class Meta:
        verbose_name = "سند دفتر"
        verbose_name_plural = "دفتر حساب‌ها"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive"),
            # Each bill is made receivable, cancelled and received at most once.
            models.UniqueConstraint(
                fields=["bill", "kind"],
                condition=models.Q(kind__in=["receivable", "cancelled", "received"]),
                name="one_ledger_entry_per_bill_kind",
            ),
            models.UniqueConstraint(
                fields=["refund"],
                condition=models.Q(refund__isnull=False),
                name="one_ledger_entry_per_refund",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} ({self.account})"


class BankImport(models.Model):
    """A bank's file of paid bill/payment IDs, imported once (its checksum is unique)."""

    bank = models.CharField("بانک", max_length=60)
    file_name = models.CharField("فایل", max_length=300)
    checksum = models.CharField("چکیده SHA-256", max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    rows_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField("خلاصه", default=dict, blank=True)

    class Meta:
        verbose_name = "فایل تسویه بانک"
        verbose_name_plural = "فایل‌های تسویه بانک"
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class BankImportRow(models.Model):
    bank_import = models.ForeignKey(BankImport, on_delete=models.CASCADE, related_name="rows")
    line_number = models.PositiveIntegerField("سطر")
    bill_number = models.CharField("شناسه قبض", max_length=30)
    payment_number = models.CharField("شناسه پرداخت", max_length=30)
    amount = models.BigIntegerField("مبلغ (ریال)", null=True, blank=True)
    paid_at = models.DateTimeField("زمان پرداخت", null=True, blank=True)
    # The bank's trace number: a row seen again with the same trace is not counted twice.
    trace = models.CharField("شماره پیگیری", max_length=64)
    outcome = models.CharField("نتیجه", max_length=20, choices=BankImportOutcome)
    message = models.CharField("توضیح", max_length=300, blank=True)
    bill = models.ForeignKey(
        "billing.Bill", on_delete=models.PROTECT, null=True, blank=True, related_name="bank_rows"
    )

    class Meta:
        verbose_name = "سطر فایل تسویه"
        verbose_name_plural = "سطرهای فایل تسویه"
        ordering = ["bank_import", "line_number"]
        indexes = [models.Index(fields=["trace", "bill_number"], name="bankrow_trace_bill_idx")]

    def __str__(self) -> str:
        return f"{self.bank_import} #{self.line_number}"
