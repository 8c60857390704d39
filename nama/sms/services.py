"""Writes of the SMS app: queue a message, re-queue failed ones, pick up due retries."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nama.core.identifiers import validate_mobile
from nama.sms.constants import TOKEN_PLACEHOLDER, SmsKind, SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.tasks import enqueue_send

logger = logging.getLogger(__name__)

# Kavenegar refuses tokens with spaces, newlines or separators (status 431).
_TOKEN = re.compile(r"[^\s]{1,100}")
# A send takes at most NAMA_SMS_TIMEOUT_SECONDS; a message "sending" for this long lost its
# worker. A queued message this old lost its task (e.g. the process died right after commit).
STALE_SENDING_AFTER = timedelta(minutes=15)
STALE_QUEUED_AFTER = timedelta(minutes=10)
REQUEUE_BATCH = 500


def send_sms(
    *,
    to: str,
    text: str,
    kind: SmsKind = SmsKind.PLAIN,
    template: str | None = None,
    token: str | None = None,
) -> OutboundSms:
    """Record an SMS to ``to`` and send it from a task once the current transaction commits.

    ``to`` may use Persian or Arabic digits and +98/0098/98/0 prefixes; it is stored as
    ``09xxxxxxxxx``. An invalid number raises a Persian ``ValidationError`` and stores nothing.
    For ``kind=OTP`` pass the one-time ``token`` and a ``text`` holding the ``{token}``
    placeholder (used by the console and file backends); ``template`` defaults to
    ``KAVENEGAR_OTP_TEMPLATE``. The code is stored only until the message is sent or fails.
    """
    receptor = validate_mobile(to)
    content = _content(text=text, kind=kind, template=template, token=token)
    with transaction.atomic():
        sms = OutboundSms.objects.create(to=receptor, **content)
        # robust: a failed enqueue must not break the caller's request after its commit; the
        # message stays queued and requeue_due_sms picks it up.
        transaction.on_commit(partial(enqueue_send, sms.pk), robust=True)
    return sms


def _content(
    *, text: str, kind: SmsKind, template: str | None, token: str | None
) -> dict[str, Any]:
    if not text.strip():
        raise ValidationError("متن پیامک خالی است.", code="empty_text")
    if kind == SmsKind.OTP:
        return _otp_content(text=text, template=template, token=token)
    if template is not None or token is not None:
        raise ValueError("template and token belong to OTP messages only")
    return {"kind": SmsKind.PLAIN, "text": text}


def _otp_content(*, text: str, template: str | None, token: str | None) -> dict[str, Any]:
    if token is None or not _TOKEN.fullmatch(token):
        raise ValueError("an OTP needs a token of 1-100 characters without spaces")
    if TOKEN_PLACEHOLDER not in text:
        raise ValueError("an OTP text holds the {token} placeholder, never the code itself")
    return {
        "kind": SmsKind.OTP,
        "text": text,
        "token": token,
        "template": settings.KAVENEGAR_OTP_TEMPLATE if template is None else template,
    }


@dataclass(frozen=True, slots=True)
class RetryResult:
    requeued: int
    skipped: int


def retry_sms(*, actor: AbstractBaseUser | AnonymousUser, sms_ids: Iterable[int]) -> RetryResult:
    """Queue failed (or stuck) messages again with a fresh attempt budget.

    Sent and in-flight messages are skipped, and so are OTPs whose code was already wiped.
    """
    ids = set(sms_ids)
    now = timezone.now()
    with transaction.atomic():
        rows = OutboundSms.objects.select_for_update().filter(pk__in=ids).filter(_retryable(now))
        ready = [sms for sms in rows if sms.kind != SmsKind.OTP or sms.token]
        for sms in ready:
            sms.status = SmsStatus.QUEUED
            sms.attempts = 0
            sms.next_attempt_at = None
            sms.updated_at = now
            transaction.on_commit(partial(enqueue_send, sms.pk), robust=True)
        OutboundSms.objects.bulk_update(
            ready, ["status", "attempts", "next_attempt_at", "updated_at"]
        )
    result = RetryResult(requeued=len(ready), skipped=len(ids) - len(ready))
    logger.info(
        "SMS retry by user %s: %s requeued, %s skipped", actor.pk, result.requeued, result.skipped
    )
    return result


def _retryable(now: datetime) -> Q:
    return Q(status__in=[SmsStatus.FAILED, SmsStatus.RETRYING]) | Q(
        status=SmsStatus.SENDING, updated_at__lt=now - STALE_SENDING_AFTER
    )


def requeue_due_sms(*, now: datetime | None = None) -> int:
    """Enqueue retries that are due and queued messages whose task was lost; return the count.

    Needed where the task backend cannot defer (the tests' Immediate backend) and a safety net
    elsewhere: a duplicate task is harmless because delivery claims each message once.
    """
    now = now or timezone.now()
    due = Q(status=SmsStatus.RETRYING, next_attempt_at__lte=now) | Q(
        status=SmsStatus.QUEUED, updated_at__lt=now - STALE_QUEUED_AFTER
    )
    ids = list(
        OutboundSms.objects.filter(due)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    for sms_id in ids:
        enqueue_send(sms_id)
    return len(ids)
