"""A payment attempt of one bill through one provider, and every message about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.payments.constants import EventKind, PaymentStatus


class Payment(models.Model):
    """One attempt to pay ``bill``. Many attempts may exist; at most one becomes the bill's
    ``Receipt``; any other that the bank confirms is refunded (ADR 0031)."""

    bill = models.ForeignKey("billing.Bill", on_delete=models.PROTECT, related_name="payments")
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField("درگاه", max_length=20)
    # Our order number sent to the provider (Saman ResNum, ZarinPal metadata/order_id).
    order_id = models.CharField("شماره سفارش", max_length=40, unique=True)
    amount = models.BigIntegerField("مبلغ (ریال)")
    status = models.CharField(
        "وضعیت", max_length=12, choices=PaymentStatus, default=PaymentStatus.CREATED
    )
    # The provider's handle on the transaction (Saman token, ZarinPal authority).
    token = models.CharField("توکن درگاه", max_length=100, blank=True)
    ref_num = models.CharField("رسید دیجیتال", max_length=100, blank=True)
    trace_no = models.CharField("شماره پیگیری", max_length=40, blank=True)
    rrn = models.CharField("شماره مرجع", max_length=40, blank=True)
    masked_pan = models.CharField("شماره کارت", max_length=20, blank=True)
    failure = models.CharField("علت ناموفق بودن", max_length=300, blank=True)
    verify_attempts = models.PositiveSmallIntegerField("تلاش‌های تأیید", default=0)
    next_verify_at = models.DateTimeField("تلاش بعدی تأیید", null=True, blank=True)
    # Where to send the payer when it ends (a request page, the bills page…).
    return_url = models.CharField("بازگشت به", max_length=300, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    updated_at = models.DateTimeField("آخرین تغییر", default=timezone.now)
    verified_at = models.DateTimeField("تأیید", null=True, blank=True)

    class Meta:
        verbose_name = "پرداخت"
        verbose_name_plural = "پرداخت‌ها"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_verify_at"], name="payment_retry_idx"),
            models.Index(fields=["bill", "status"], name="payment_bill_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "token"],
                condition=~models.Q(token=""),
                name="one_payment_per_provider_token",
            ),
            models.UniqueConstraint(
                fields=["bill"], condition=models.Q(status="paid"), name="one_paid_payment_per_bill"
            ),
            # One bank transaction settles one payment (a forged callback quoting another
            # payment's RefNum cannot pay a second bill).
            models.UniqueConstraint(
                fields=["provider", "ref_num"],
                condition=models.Q(status__in=["paid", "duplicate", "refunded"])
                & ~models.Q(ref_num=""),
                name="one_settled_payment_per_bank_ref",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.order_id

    @property
    def provider_title(self) -> str:
        """The gateway's Persian title, for pages."""
        from nama.payments.services import provider_title

        return provider_title(self.provider)


class PaymentEvent(models.Model):
    """A message to or from a provider, raw as sent or received (secrets removed).

    Events with no payment are callbacks nobody could match (unknown token or order)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    provider = models.CharField("درگاه", max_length=20)
    kind = models.CharField("نوع", max_length=10, choices=EventKind)
    status_before = models.CharField("وضعیت پیش", max_length=12, blank=True)
    status_after = models.CharField("وضعیت پس", max_length=12, blank=True)
    raw = models.TextField("پیام خام", blank=True)
    note = models.CharField("توضیح", max_length=300, blank=True)
    remote_addr = models.GenericIPAddressField("نشانی فرستنده", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "رویداد پرداخت"
        verbose_name_plural = "رویدادهای پرداخت"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind}"
