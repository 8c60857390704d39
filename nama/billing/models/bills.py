"""Bills (slips with a bill ID and payment ID), their lines, receipts and refunds (ADR 0030).

A bill's amount never changes once issued: a correction voids it and issues another. A bill is
paid at most once: its ``Receipt`` is one-to-one with it, so the database refuses a second.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.billing.constants import (
    BillStatus,
    Purpose,
    ReceiptSource,
    RefundKind,
    RefundStatus,
)


class Bill(models.Model):
    account = models.ForeignKey(
        "billing.BeneficiaryAccount",
        verbose_name="حساب ذی‌نفع",
        on_delete=models.PROTECT,
        related_name="bills",
    )
    assessment = models.ForeignKey(
        "billing.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    purpose = models.CharField("بابت", max_length=20, choices=Purpose)
    title = models.CharField("شرح", max_length=200)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bills"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    unit = models.ForeignKey(
        "parcels.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    vehicle = models.ForeignKey(
        "billing.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="bills"
    )
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jalali_year = models.PositiveSmallIntegerField("سال")
    # The payment ID's two-digit period: the installment number, 1 for a single bill.
    period = models.PositiveSmallIntegerField("دوره", default=1)
    installments = models.PositiveSmallIntegerField("تعداد اقساط", default=1)
    amount = models.BigIntegerField("مبلغ (ریال)")
    # Set when issued; a provisional bill has none and cannot be paid.
    # The standard bill ID and payment ID (شناسه قبض / شناسه پرداخت, domain reference §7).
    bill_number = models.CharField("شناسه قبض", max_length=13, null=True, blank=True, unique=True)
    payment_number = models.CharField("شناسه پرداخت", max_length=13, blank=True)
    status = models.CharField(
        "وضعیت", max_length=12, choices=BillStatus, default=BillStatus.PROVISIONAL
    )
    due_on = models.DateField("مهلت پرداخت")
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    issued_at = models.DateTimeField("صدور", null=True, blank=True)
    paid_at = models.DateTimeField("پرداخت", null=True, blank=True)
    bank_confirmed_at = models.DateTimeField("تأیید بانک", null=True, blank=True)
    voided_at = models.DateTimeField("ابطال", null=True, blank=True)
    void_reason = models.TextField("دلیل ابطال", blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        verbose_name = "قبض"
        verbose_name_plural = "قبض‌ها"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["payer", "status"], name="bill_payer_status_idx"),
            models.Index(fields=["status", "due_on"], name="bill_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="bill_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(status="provisional") | models.Q(bill_number__isnull=False),
                name="issued_bill_has_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.bill_number or 'موقت'})"

    @property
    def payment_in_doubt(self) -> bool:
        """A payment of this bill waits for the bank's word (being verified, or unknown)."""
        return self.payments.filter(status__in=["verifying", "unverified"]).exists()


class BillLine(models.Model):
    """A copy of the assessment lines a bill carries (what the slip prints)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("ردیف")
    rule = models.CharField("قاعده", max_length=40)
    label = models.CharField("شرح", max_length=200)
    amount = models.BigIntegerField("مبلغ (ریال)")
    explanation = models.TextField("توضیح", blank=True)

    class Meta:
        verbose_name = "ردیف قبض"
        verbose_name_plural = "ردیف‌های قبض"
        ordering = ["bill", "position"]

    def __str__(self) -> str:
        return self.label


class Receipt(models.Model):
    """The one record that a bill was paid (by the gateway or a bank's settlement file)."""

    bill = models.OneToOneField(Bill, on_delete=models.PROTECT, related_name="receipt")
    amount = models.BigIntegerField("مبلغ (ریال)")
    source = models.CharField("مسیر", max_length=10, choices=ReceiptSource)
    payment = models.OneToOneField(
        "payments.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="receipt"
    )
    bank_row = models.OneToOneField(
        "billing.BankImportRow",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipt",
    )
    reference = models.CharField("شماره پیگیری بانک", max_length=64, blank=True)
    paid_at = models.DateTimeField("زمان پرداخت")
    recorded_at = models.DateTimeField("ثبت", default=timezone.now)

    class Meta:
        verbose_name = "رسید پرداخت"
        verbose_name_plural = "رسیدهای پرداخت"
        ordering = ["-paid_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_amount_positive")
        ]

    def __str__(self) -> str:
        return f"رسید {self.bill}"


class Refund(models.Model):
    """Money given back: a second successful payment of a paid bill (reversed through its
    provider), or a paid bill refunded by revenue staff (bank transfer reference)."""

    kind = models.CharField("نوع", max_length=10, choices=RefundKind)
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="refunds")
    payment = models.OneToOneField(
        "payments.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="refund"
    )
    amount = models.BigIntegerField("مبلغ (ریال)")
    status = models.CharField(
        "وضعیت", max_length=10, choices=RefundStatus, default=RefundStatus.PENDING
    )
    reason = models.TextField("دلیل")
    reference = models.CharField("مرجع بانکی", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("تلاش‌ها", default=0)
    last_error = models.CharField("آخرین خطا", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField("درخواست", default=timezone.now)
    done_at = models.DateTimeField("انجام", null=True, blank=True)

    class Meta:
        verbose_name = "استرداد"
        verbose_name_plural = "استردادها"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"استرداد {self.bill}"
