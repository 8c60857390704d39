"""The worker's side of sending: claim a message, hand it to the backend, record the outcome.

No network call happens under a database lock: the claim (queued/retrying → sending) is one
short transaction, the backend call runs outside any transaction, and the outcome is a second
short transaction. A message is claimed at most once per attempt, so it is never sent twice by
two workers; a worker that dies mid-send leaves it ``sending``, visible to admins.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nama.sms.backends import get_backend
from nama.sms.backends.base import PermanentSmsError, SmsMessage, TransientSmsError
from nama.sms.constants import SENDABLE_STATUSES, TOKEN_PLACEHOLDER, SmsKind, SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.retry import next_attempt_at, should_retry

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one delivery run did; ``retry_at`` is set when another attempt is scheduled."""

    status: str
    retry_at: datetime | None = None


def deliver(sms_id: int) -> Outcome:
    """Send the message ``sms_id`` once if it is still waiting to be sent; idempotent."""
    claimed = _claim(sms_id)
    if claimed is None:
        return Outcome(status="skipped")
    message, backend_name = claimed
    try:
        provider_id = get_backend(backend_name).send(message)
    except PermanentSmsError as exc:
        return _record_failure(sms_id, str(exc))
    except TransientSmsError as exc:
        return _record_transient(sms_id, str(exc))
    except Exception as exc:  # a bug in a backend must not leave the message "sending"
        logger.exception("SMS %s: unexpected error in the %s backend", sms_id, backend_name)
        return _record_transient(sms_id, f"unexpected error: {type(exc).__name__}")
    return _record_sent(sms_id, provider_id)


def message_for(sms: OutboundSms) -> SmsMessage:
    """What the backend receives: for an OTP the text gets its code back."""
    text = sms.text
    if sms.kind == SmsKind.OTP:
        text = text.replace(TOKEN_PLACEHOLDER, sms.token)
    return SmsMessage(
        to=sms.to, text=text, kind=SmsKind(sms.kind), template=sms.template, token=sms.token
    )


def _claim(sms_id: int) -> tuple[SmsMessage, str] | None:
    """Lock the row; if it is waiting to be sent, mark it ``sending`` and count the attempt."""
    backend_name = settings.NAMA_SMS_BACKEND
    with transaction.atomic():
        sms = OutboundSms.objects.select_for_update().filter(pk=sms_id).first()
        if sms is None or sms.status not in SENDABLE_STATUSES:
            return None
        sms.status = SmsStatus.SENDING
        sms.attempts += 1
        sms.backend = backend_name[:20]
        sms.next_attempt_at = None
        sms.updated_at = timezone.now()
        sms.save(update_fields=["status", "attempts", "backend", "next_attempt_at", "updated_at"])
    return message_for(sms), backend_name


def _locked(sms_id: int) -> OutboundSms:
    return OutboundSms.objects.select_for_update().get(pk=sms_id)


def _record_sent(sms_id: int, provider_id: str) -> Outcome:
    now = timezone.now()
    with transaction.atomic():
        sms = _locked(sms_id)
        sms.status = SmsStatus.SENT
        sms.provider_message_id = provider_id[:64]
        sms.token = ""  # the code has done its job
        sms.last_error = ""
        sms.sent_at = sms.updated_at = now
        sms.save(
            update_fields=[
                "status",
                "provider_message_id",
                "token",
                "last_error",
                "sent_at",
                "updated_at",
            ]
        )
    logger.info("SMS %s sent to %s via %s", sms_id, _masked(sms.to), sms.backend)
    return Outcome(status=SmsStatus.SENT)


def _record_transient(sms_id: int, error: str) -> Outcome:
    with transaction.atomic():
        sms = _locked(sms_id)
        if not should_retry(attempts=sms.attempts, max_attempts=settings.NAMA_SMS_MAX_ATTEMPTS):
            return _fail(sms, f"{error} (after {sms.attempts} attempts)")
        now = timezone.now()
        retry_at = next_attempt_at(attempts=sms.attempts, now=now)
        sms.status = SmsStatus.RETRYING
        sms.last_error = error
        sms.next_attempt_at = retry_at
        sms.updated_at = now
        sms.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
    logger.warning(
        "SMS %s attempt %s failed (%s); next attempt at %s",
        sms_id,
        sms.attempts,
        error,
        retry_at.isoformat(),
    )
    return Outcome(status=SmsStatus.RETRYING, retry_at=retry_at)


def _record_failure(sms_id: int, error: str) -> Outcome:
    with transaction.atomic():
        return _fail(_locked(sms_id), error)


def _fail(sms: OutboundSms, error: str) -> Outcome:
    """Mark the locked ``sms`` failed for good, loudly; an OTP's code is wiped."""
    sms.status = SmsStatus.FAILED
    sms.last_error = error
    sms.token = ""  # a late one-time code is useless, and a stored one is a risk
    sms.next_attempt_at = None
    sms.updated_at = timezone.now()
    sms.save(update_fields=["status", "last_error", "token", "next_attempt_at", "updated_at"])
    logger.error(
        "SMS %s to %s failed after %s attempts: %s", sms.pk, _masked(sms.to), sms.attempts, error
    )
    return Outcome(status=SmsStatus.FAILED)


def _masked(mobile: str) -> str:
    """09123456789 → 0912***6789: enough to tell messages apart in logs."""
    return f"{mobile[:4]}***{mobile[-4:]}"
