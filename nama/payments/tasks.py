"""Periodic payment jobs (settings.NAMA_PERIODIC_JOBS, ADR 0031)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from nama.payments.services import recheck_due_payments


@task()
def recheck_payments() -> int:
    """Verify again what timed out, expire abandoned payments, retry duplicate refunds;
    returns how many payments it took up."""
    return recheck_due_payments()


@task()
def sandbox_auto_reverse() -> int:
    """The sandbox bank gives back card payments nobody verified in time, as a PSP does;
    nothing when the sandbox gateway is not enabled."""
    if "sandbox" not in settings.NAMA_PAYMENT_PROVIDERS:
        return 0
    from nama.payments.sandbox.bank import auto_reverse_unverified

    return auto_reverse_unverified(timezone.now())
