"""One row per outbound SMS: what to send, to whom, and how sending went."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from nama.sms.constants import SmsKind, SmsStatus


class OutboundSms(models.Model):
    """An SMS to one mobile number, sent by a background task and never silently lost.

    ``token`` (the one-time code of an OTP message) is kept only until the message is sent
    or has finally failed; ``text`` of an OTP holds the ``{token}`` placeholder, not the code.
    """

    to = models.CharField("گیرنده", max_length=11)
    text = models.TextField("متن")
    kind = models.CharField("نوع", max_length=10, choices=SmsKind, default=SmsKind.PLAIN)
    template = models.CharField("الگوی ارسال", max_length=100, blank=True)
    token = models.CharField("کد یک‌بارمصرف", max_length=100, blank=True)
    status = models.CharField(
        "وضعیت", max_length=10, choices=SmsStatus, default=SmsStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("تعداد تلاش", default=0)
    last_error = models.TextField("آخرین خطا", blank=True)
    backend = models.CharField("درگاه ارسال", max_length=20, blank=True)
    provider_message_id = models.CharField("شناسه پیامک نزد ارائه‌دهنده", max_length=64, blank=True)
    next_attempt_at = models.DateTimeField("زمان تلاش بعدی", null=True, blank=True)
    created_at = models.DateTimeField("زمان ثبت", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("آخرین تغییر", default=timezone.now)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)

    class Meta:
        verbose_name = "پیامک خروجی"
        verbose_name_plural = "پیامک‌های خروجی"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sms_status_next_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SmsStatus.values), name="sms_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SmsKind.values), name="sms_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=SmsKind.OTP) | models.Q(token="", template=""),
                name="sms_plain_has_no_token",
            ),
            # A sent message keeps no one-time code.
            models.CheckConstraint(
                condition=~models.Q(status=SmsStatus.SENT) | models.Q(token=""),
                name="sms_sent_has_no_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} به {self.to}"
