"""Choices of the SMS app."""

from __future__ import annotations

from django.db import models

# The placeholder an OTP text carries instead of the code, so the code is never stored in the text.
TOKEN_PLACEHOLDER = "{token}"  # noqa: S105 - a placeholder, not a secret


class SmsKind(models.TextChoices):
    PLAIN = "plain", "متن ساده"
    OTP = "otp", "کد یک‌بارمصرف"


class SmsStatus(models.TextChoices):
    QUEUED = "queued", "در صف"
    SENDING = "sending", "در حال ارسال"
    RETRYING = "retrying", "در انتظار تلاش دوباره"
    SENT = "sent", "ارسال‌شده"
    FAILED = "failed", "ناموفق"


# A worker may pick these up and send them.
SENDABLE_STATUSES = (SmsStatus.QUEUED, SmsStatus.RETRYING)
