"""Payment lifecycles (ADR 0031)."""

from __future__ import annotations

from django.db import models


class PaymentStatus(models.TextChoices):
    """created → pending (at the PSP) → verifying → paid | duplicate → refunded;
    failed / cancelled end it; unverified (verify timed out) is retried, then reconciled."""

    CREATED = "created", "ایجاد شد"
    PENDING = "pending", "در درگاه بانک"
    VERIFYING = "verifying", "در حال تأیید با بانک"
    UNVERIFIED = "unverified", "تأیید بانک نامعلوم؛ دوباره بررسی می‌شود"
    PAID = "paid", "پرداخت‌شده"
    FAILED = "failed", "ناموفق"
    CANCELLED = "cancelled", "انصراف پرداخت‌کننده"
    DUPLICATE = "duplicate", "پرداخت تکراری؛ در حال استرداد"
    REFUNDED = "refunded", "مسترد شد"


FINAL_STATUSES = frozenset(
    {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.REFUNDED}
)


class EventKind(models.TextChoices):
    TOKEN = "token", "دریافت توکن"
    CALLBACK = "callback", "بازگشت از درگاه"
    VERIFY = "verify", "تأیید تراکنش"
    REVERSE = "reverse", "برگشت تراکنش"
    INQUIRY = "inquiry", "استعلام"
    REFUSED = "refused", "پیام ردشده"
    ERROR = "error", "خطا"


class SandboxState(models.TextChoices):
    """The sandbox bank's side of a card transaction."""

    CREATED = "created", "توکن صادر شد"
    PAID = "paid", "پرداخت‌شده، تأییدنشده"
    FAILED = "failed", "ناموفق"
    CANCELLED = "cancelled", "انصراف"
    VERIFIED = "verified", "تأیید و تسویه"
    REVERSED = "reversed", "برگشت‌خورده"
    AUTO_REVERSED = "auto_reversed", "برگشت خودکار (تأیید نشد)"
