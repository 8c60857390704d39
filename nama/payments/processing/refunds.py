"""A duplicate payment (the bill was paid already) is given back through its provider.

The refund row is H3's (``nama.billing.services.refunds``); this module asks the bank to
reverse the transaction and records the outcome there and on the payment. A failed reverse
is tried again by the recheck with backoff, then left to revenue staff (failed refunds list).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nama.billing.constants import RefundStatus
from nama.billing.models import Refund
from nama.billing.services.refunds import complete_refund, fail_refund
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment
from nama.payments.processing import texts
from nama.payments.processing.journal import move, note
from nama.payments.processing.schedule import REFUND_ATTEMPTS, backoff
from nama.payments.providers import provider
from nama.payments.providers.base import ProviderError


def reverse_duplicate(payment: Payment, refund: Refund) -> None:
    """Reverse ``payment`` (status duplicate) at its bank and record the refund."""
    if refund.status == RefundStatus.DONE:
        _refunded(payment, refund, raw="", record_refund=False)
        return
    try:
        answer = provider(payment.provider).reverse(
            token=payment.token,
            order_id=payment.order_id,
            amount=payment.amount,
            ref_num=payment.ref_num,
        )
    except LookupError as error:
        _not_refunded(payment, refund, str(error), "")
    except ProviderError as error:
        _not_refunded(payment, refund, str(error) or type(error).__name__, error.raw)
    else:
        if answer.ok:
            _refunded(payment, refund, raw=answer.raw, record_refund=True)
        else:
            _not_refunded(payment, refund, answer.message or texts.FAILED, answer.raw)


def _refunded(payment: Payment, refund: Refund, *, raw: str, record_refund: bool) -> None:
    with transaction.atomic():
        changed = move(
            payment,
            to=PaymentStatus.REFUNDED,
            kind=EventKind.REVERSE,
            raw=raw,
            note=texts.REFUNDED,
            next_verify_at=None,
            failure="",
        )
        if changed and record_refund:
            reference = payment.rrn or payment.ref_num or payment.order_id
            complete_refund(refund=refund, reference=reference[:64])


def _not_refunded(payment: Payment, refund: Refund, message: str, raw: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        refund = fail_refund(refund=refund, message=message)
        again = refund.attempts < REFUND_ATTEMPTS
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.DUPLICATE).update(
            next_verify_at=now + backoff(refund.attempts) if again else None,
            failure=texts.REFUND_DELAYED,
            updated_at=now,
        )
        note(
            payment,
            kind=EventKind.REVERSE,
            raw=raw,
            note=texts.REVERSE_FAILED.format(error=message),
        )
    payment.refresh_from_db()
