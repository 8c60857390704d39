"""Outbound SMS rows in each state, without going through the send task."""

from __future__ import annotations

import factory
from django.utils import timezone

from nama.sms.constants import SmsKind, SmsStatus
from nama.sms.models import OutboundSms


class OutboundSmsFactory(factory.django.DjangoModelFactory[OutboundSms]):
    class Meta:
        model = OutboundSms

    to = "09123456789"
    text = "درخواست شما ثبت شد."
    kind = SmsKind.PLAIN
    status = SmsStatus.QUEUED

    class Params:
        otp = factory.Trait(
            kind=SmsKind.OTP, text="کد ورود شما: {token}", token="482913", template="nama-verify"
        )
        sent = factory.Trait(
            status=SmsStatus.SENT, attempts=1, sent_at=factory.LazyFunction(timezone.now), token=""
        )
        failed = factory.Trait(status=SmsStatus.FAILED, attempts=5, last_error="Kavenegar 500: x")
