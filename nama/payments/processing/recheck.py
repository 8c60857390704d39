"""The periodic sweep of payments left half-way (task ``recheck_payments``, every 2 minutes).

Each payment is taken by the same compare-and-set as a callback's, so the sweep may run in
several workers at once and beside live callbacks: whoever's update matched does the work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from django.db.models import QuerySet
from django.utils import timezone

from nama.billing.services.refunds import open_duplicate_refund
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment
from nama.payments.processing import texts
from nama.payments.processing.journal import move, note
from nama.payments.processing.refunds import reverse_duplicate
from nama.payments.processing.schedule import PENDING_EXPIRES, REFUND_LEASE, STALE_VERIFYING
from nama.payments.processing.verification import claim, verify_claimed

logger = logging.getLogger(__name__)
BATCH = 200  # per kind and run; the rest wait for the next run

Status = PaymentStatus


def recheck(now: datetime | None = None) -> int:
    """Verify again what timed out, reclaim stale claims, ask about or expire payments whose
    payer never came back, retry failed duplicate refunds. Returns how many it took up."""
    now = now or timezone.now()
    return (
        _verify_again(_due(Status.UNVERIFIED, now), Status.UNVERIFIED, texts.RETRY)
        + _verify_again(
            Payment.objects.filter(status=Status.VERIFYING, updated_at__lt=now - STALE_VERIFYING),
            Status.VERIFYING,
            texts.STALE,
        )
        + _verify_again(
            Payment.objects.filter(status=Status.PENDING, created_at__lt=now - PENDING_EXPIRES),
            Status.PENDING,
            texts.INQUIRY,
            expiring=True,
        )
        + _abandon(now)
        + _refund_again(now)
    )


def _due(status: Status, now: datetime) -> QuerySet[Payment]:
    return Payment.objects.filter(status=status, next_verify_at__lte=now)


def _batch(payments: QuerySet[Payment]) -> list[Payment]:
    return list(payments.order_by("updated_at", "pk")[:BATCH])


def _verify_again(
    payments: QuerySet[Payment], status: Status, reason: str, *, expiring: bool = False
) -> int:
    taken = 0
    for payment in _batch(payments):
        if claim(payment, allowed={status}, kind=EventKind.INQUIRY, note_text=reason):
            _isolated(partial(verify_claimed, payment, expiring=expiring), payment)
            taken += 1
    return taken


def _isolated(work: Callable[[], None], payment: Payment) -> None:
    """One payment's trouble (a bug, a provider raising the unexpected) is logged and left
    for the next run; it never stops the sweep for the others."""
    try:
        work()
    except Exception:
        logger.exception("payment %s: recheck failed; it is tried again later", payment.order_id)


def _abandon(now: datetime) -> int:
    """Payments that never got a token (the process stopped before the bank answered)."""
    taken = 0
    old = Payment.objects.filter(status=Status.CREATED, created_at__lt=now - PENDING_EXPIRES)
    for payment in _batch(old):
        taken += move(
            payment,
            to=Status.FAILED,
            kind=EventKind.ERROR,
            note=texts.ABANDONED,
            failure=texts.EXPIRED,
        )
    return taken


def _refund_again(now: datetime) -> int:
    taken = 0
    for payment in _batch(_due(Status.DUPLICATE, now)):
        # The lease: only the run whose update matched reverses (a reverse is not free).
        leased = Payment.objects.filter(
            pk=payment.pk, status=Status.DUPLICATE, next_verify_at=payment.next_verify_at
        ).update(next_verify_at=timezone.now() + REFUND_LEASE)
        if not leased:
            continue
        payment.refresh_from_db()
        refund = open_duplicate_refund(bill=payment.bill, payment=payment, reason=texts.DUPLICATE)
        note(payment, kind=EventKind.INQUIRY, note=texts.REFUND_RETRY)
        _isolated(partial(reverse_duplicate, payment, refund), payment)
        taken += 1
    return taken
