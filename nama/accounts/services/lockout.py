"""Lockout after repeated sign-in failures, per account key and per IP.

The audit trail is the only record: failures are counted from ``SecurityEvent`` rows, so every
web process sees the same state. A refused attempt during a lockout is recorded as
``LOCKED_OUT`` and does not extend it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from nama.accounts.constants import SecurityEventKind
from nama.accounts.errors import ThrottledError, seconds_until, wait_phrase
from nama.accounts.models import SecurityEvent
from nama.core.http import ClientInfo

FAILURE_KINDS = (SecurityEventKind.LOGIN_FAILED, SecurityEventKind.SECOND_FACTOR_FAILED)


def _locked_until(failures: Q, limit: int) -> datetime | None:
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.NAMA_LOCKOUT_SECONDS)
    recent = (
        SecurityEvent.objects.filter(failures, kind__in=FAILURE_KINDS, created_at__gte=window_start)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    times = list(recent)
    if len(times) < limit:
        return None
    until = times[0] + timedelta(seconds=settings.NAMA_LOCKOUT_SECONDS)
    return until if until > now else None


def _since_last_success(key: str) -> Q:
    last_ok = (
        SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_SUCCEEDED, subject_key=key)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    condition = Q(subject_key=key)
    return condition & Q(created_at__gt=last_ok) if last_ok else condition


def lockout_until(*, key: str, client: ClientInfo | None) -> datetime | None:
    """When the lock on this account key or this client's IP ends, or None if not locked."""
    candidates = [_locked_until(_since_last_success(key), settings.NAMA_LOGIN_MAX_FAILURES)]
    if client and client.ip:
        candidates.append(_locked_until(Q(ip=client.ip), settings.NAMA_LOGIN_IP_MAX_FAILURES))
    locks = [until for until in candidates if until is not None]
    return max(locks) if locks else None


def lockout_error(until: datetime) -> ThrottledError:
    wait = seconds_until(until)
    return ThrottledError(
        "به دلیل چند تلاش ناموفق پیاپی، ورود موقتاً بسته شده است؛ "
        f"{wait_phrase(wait)} دیگر دوباره تلاش کنید.",
        retry_after=wait,
        code="locked_out",
    )
