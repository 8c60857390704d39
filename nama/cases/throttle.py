"""Rate limit of public tracking (tracking code + national ID, no sign-in).

Why a table of its own: the limit must hold across every web process (no shared cache exists,
see docs/architecture.md), and the accounts app's ``SecurityEvent`` kinds are that app's
vocabulary. One row is written per *failed* lookup that reached the database (a code and a
national ID that both parse but name no request together); format errors are answered without
a lookup and are not counted. Rows older than a day are deleted whenever a failure is written.

Two limits, both over ``NAMA_TRACKING_WINDOW_SECONDS`` (default 15 minutes):

- per client IP: ``NAMA_TRACKING_IP_MAX_FAILURES`` (default 10) — one person guessing;
- per tracking code: ``NAMA_TRACKING_CODE_MAX_FAILURES`` (default 10) — many addresses guessing
  the national ID that goes with one code. Every code that parses is counted, existing or not,
  so the lock says nothing about whether the code exists.

While either limit is reached every lookup from that IP (or for that code) is refused, right
answers included, until the oldest counted failure leaves the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.accounts.errors import ThrottledError, seconds_until, wait_phrase

KEEP = timedelta(days=1)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def window() -> timedelta:
    return timedelta(seconds=_setting("NAMA_TRACKING_WINDOW_SECONDS", 15 * 60))


class TrackingLookupFailure(models.Model):
    """One failed public tracking lookup: from which address, for which (parsed) code."""

    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    tracking_code = models.CharField("کد رهگیری", max_length=12, blank=True)
    created_at = models.DateTimeField("زمان", default=timezone.now, db_index=True)

    objects: models.Manager[TrackingLookupFailure] = models.Manager()

    class Meta:
        app_label = "cases"
        verbose_name = "پیگیری ناموفق"
        verbose_name_plural = "پیگیری‌های ناموفق"
        indexes = [
            models.Index(fields=["ip", "created_at"], name="track_fail_ip_idx"),
            models.Index(fields=["tracking_code", "created_at"], name="track_fail_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ip or '-'} {self.created_at:%Y-%m-%d %H:%M}"


def _until(rows: models.QuerySet[TrackingLookupFailure], limit: int) -> datetime | None:
    now = timezone.now()
    span = window()
    times = list(
        rows.filter(created_at__gte=now - span)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    until = times[-1] + span  # the oldest counted failure leaves the window then
    return until if until > now else None


def _ip_rows(ip: str | None) -> models.QuerySet[TrackingLookupFailure]:
    failures = TrackingLookupFailure.objects.all()
    return failures.filter(ip=ip) if ip else failures.filter(ip__isnull=True)


def check_tracking_allowed(*, ip: str | None, tracking_code: str = "") -> None:
    """Raise ``ThrottledError`` while this IP (or this code) has used up its failures."""
    candidates = [_until(_ip_rows(ip), _setting("NAMA_TRACKING_IP_MAX_FAILURES", 10))]
    if tracking_code:
        rows = TrackingLookupFailure.objects.filter(tracking_code=tracking_code)
        candidates.append(_until(rows, _setting("NAMA_TRACKING_CODE_MAX_FAILURES", 10)))
    locks = [until for until in candidates if until is not None]
    if locks:
        wait = seconds_until(max(locks))
        raise ThrottledError(
            f"تعداد پیگیری‌های ناموفق زیاد بوده است؛ {wait_phrase(wait)} دیگر دوباره تلاش کنید.",
            retry_after=wait,
            code="tracking_throttled",
        )


def record_tracking_failure(*, ip: str | None, tracking_code: str) -> None:
    """Count one failed lookup (and forget failures older than a day)."""
    now = timezone.now()
    TrackingLookupFailure.objects.filter(created_at__lt=now - KEEP).delete()
    TrackingLookupFailure.objects.create(ip=ip, tracking_code=tracking_code[:12], created_at=now)
