"""Asking the bank whether the money is ours, and settling its answer exactly once.

A payment is verified only by whoever moved it to ``verifying`` (``claim``): the claim also
raises ``verify_attempts``, and every later step is a compare-and-set on that number, so an
attempt that another one took over (a stale claim reclaimed by the recheck) changes nothing.
The bank is asked with no transaction open; the answer is settled in one short transaction
that locks the payment row, then the bill's (``record_receipt``), never the other way round.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nama.billing.constants import BillStatus, ReceiptSource
from nama.billing.models import Bill, Refund
from nama.billing.services.receipts import record_receipt
from nama.billing.services.refunds import open_duplicate_refund
from nama.core.locks import lock_for_transaction
from nama.core.money import format_rials
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment
from nama.payments.processing import texts
from nama.payments.processing.journal import move, note
from nama.payments.processing.refunds import reverse_duplicate
from nama.payments.processing.schedule import REFUND_LEASE, backoff
from nama.payments.providers import provider
from nama.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderTimeoutError,
    Verified,
)

Status = PaymentStatus
# Payments whose bank transaction is spent: paid, or confirmed and being (or) given back.
SETTLED = (Status.PAID, Status.DUPLICATE, Status.REFUNDED)


def claim(
    payment: Payment,
    *,
    allowed: Collection[str],
    kind: EventKind,
    raw: str = "",
    note_text: str = "",
    remote_addr: str | None = None,
    **fields: Any,
) -> bool:
    """Move ``payment`` from one of ``allowed`` to ``verifying`` as a new verify attempt; True
    if this call won it (then, and only then, the caller verifies)."""
    for _ in range(len(allowed) + 1):
        if payment.status not in allowed:
            return False
        attempts = payment.verify_attempts
        won = move(
            payment,
            to=Status.VERIFYING,
            kind=kind,
            raw=raw,
            note=note_text,
            remote_addr=remote_addr,
            where={"verify_attempts": attempts},
            verify_attempts=attempts + 1,
            next_verify_at=None,
            **fields,
        )
        if won:
            return True
        payment.refresh_from_db()
    return False


def verify_claimed(payment: Payment, *, expiring: bool = False) -> None:
    """Ask the bank about a payment this process just claimed, then settle the answer. Only
    the bank's own "not paid" (``ok`` false) fails a payment the payer came back from; no
    answer, or a refused request, is asked again later.

    ``expiring``: the payer never came back; a payment the bank does not confirm expires."""
    try:
        gateway = provider(payment.provider)
        answer = gateway.verify(
            token=payment.token,
            order_id=payment.order_id,
            amount=payment.amount,
            ref_num=payment.ref_num,
        )
    except LookupError as error:
        _unsure(payment, str(error), "")
        return
    except ProviderTimeoutError as error:
        _unsure(payment, str(error), error.raw)
        return
    except ProviderError as error:
        # The bank refused the request (our terminal, a missing RefNum…), not the transaction:
        # whether the money is ours is still open, unless the payer never came back.
        if expiring:
            _fail(payment, str(error), error.raw, expiring=True)
        else:
            _unsure(payment, str(error), error.raw)
        return
    if not answer.ok:
        _fail(payment, answer.message, answer.raw, expiring=expiring)
    elif answer.amount != payment.amount:
        _reverse_wrong_amount(payment, gateway, answer)
    else:
        _settle(payment, answer)


def _mine(payment: Payment) -> dict[str, int]:
    return {"verify_attempts": payment.verify_attempts}


def _unsure(payment: Payment, error: str, raw: str) -> None:
    """No answer: try again later with backoff, until the attempts run out (then the bank's
    settlement file decides, and staff see the payment as unverified)."""
    attempts = payment.verify_attempts
    again = attempts < settings.NAMA_PAYMENT_VERIFY_ATTEMPTS
    move(
        payment,
        to=Status.UNVERIFIED,
        kind=EventKind.VERIFY,
        raw=raw,
        note=texts.TIMED_OUT.format(attempt=attempts, error=error),
        where=_mine(payment),
        next_verify_at=timezone.now() + backoff(attempts) if again else None,
        failure=texts.UNSURE if again else texts.GAVE_UP,
    )


def _fail(payment: Payment, message: str, raw: str, *, expiring: bool) -> None:
    failure = texts.EXPIRED if expiring else (message or texts.FAILED)
    move(
        payment,
        to=Status.FAILED,
        kind=EventKind.VERIFY,
        raw=raw,
        note=message,
        where=_mine(payment),
        failure=failure,
    )


def _reverse_wrong_amount(payment: Payment, gateway: PaymentProvider, answer: Verified) -> None:
    got, expected = format_rials(answer.amount), format_rials(payment.amount)
    note(
        payment,
        kind=EventKind.VERIFY,
        raw=answer.raw,
        note=texts.AMOUNT_DIFFERS.format(got=got, expected=expected),
    )
    try:
        reversed_ = gateway.reverse(
            token=payment.token,
            order_id=payment.order_id,
            amount=answer.amount,
            ref_num=payment.ref_num,
        )
        raw, outcome = reversed_.raw, reversed_.message if not reversed_.ok else ""
    except ProviderError as error:
        raw, outcome = error.raw, str(error) or error.__class__.__name__
    move(
        payment,
        to=Status.FAILED,
        kind=EventKind.REVERSE,
        raw=raw,
        note=texts.REVERSE_FAILED.format(error=outcome) if outcome else texts.WRONG_AMOUNT,
        where=_mine(payment),
        failure=texts.WRONG_AMOUNT,
    )


def _references(payment: Payment, answer: Verified) -> dict[str, Any]:
    """The bank's numbers: verify's answer, else what the callback brought."""
    return {
        "ref_num": (answer.ref_num or payment.ref_num)[:100],
        "trace_no": (answer.trace_no or payment.trace_no)[:40],
        "rrn": (answer.rrn or payment.rrn)[:40],
        "masked_pan": (answer.masked_pan or payment.masked_pan)[:20],
    }


def _settle(payment: Payment, answer: Verified) -> None:
    """The bank holds the money: the bill's receipt, or (it was paid another way, or voided)
    a duplicate to give back."""
    now = timezone.now()
    refs = _references(payment, answer)
    with transaction.atomic():
        if not _still_mine(payment, answer):
            return
        if _transaction_used(payment, refs["ref_num"]):
            move(
                payment,
                to=Status.FAILED,
                kind=EventKind.VERIFY,
                raw=answer.raw,
                note=texts.REF_USED,
                failure=texts.FAILED,
            )
            return
        receipt = record_receipt(
            bill_pk=payment.bill_id,
            amount=answer.amount,
            source=ReceiptSource.GATEWAY,
            paid_at=now,
            payment=payment,
            reference=refs["trace_no"] or refs["rrn"] or refs["ref_num"] or payment.order_id,
        )
        if receipt is not None:
            move(
                payment,
                to=Status.PAID,
                kind=EventKind.VERIFY,
                raw=answer.raw,
                note=texts.PAID,
                verified_at=now,
                failure="",
                **refs,
            )
            return
        refund = _duplicate(payment, answer, refs)
    reverse_duplicate(payment, refund)


def _still_mine(payment: Payment, answer: Verified) -> bool:
    """Lock the payment row; False (recorded) if another attempt took the payment over."""
    current = Payment.objects.select_for_update().get(pk=payment.pk)
    if (current.status, current.verify_attempts) == (Status.VERIFYING, payment.verify_attempts):
        return True
    note(current, kind=EventKind.VERIFY, raw=answer.raw, note=texts.SUPERSEDED)
    payment.refresh_from_db()
    return False


def _transaction_used(payment: Payment, ref_num: str) -> bool:
    """Did the bank's transaction ``ref_num`` settle another payment already? One card
    transaction pays one payment, even if a forged callback named it for a second one."""
    if not ref_num:
        return False
    lock_for_transaction(f"payments:ref:{payment.provider}:{ref_num}")
    others = Payment.objects.filter(provider=payment.provider, ref_num=ref_num)
    return others.filter(status__in=SETTLED).exclude(pk=payment.pk).exists()


def _duplicate(payment: Payment, answer: Verified, refs: dict[str, Any]) -> Refund:
    """The bill was not payable any more: the payment is a duplicate, its refund opened."""
    now = timezone.now()
    bill = Bill.objects.get(pk=payment.bill_id)
    move(
        payment,
        to=Status.DUPLICATE,
        kind=EventKind.VERIFY,
        raw=answer.raw,
        note=texts.PAID_DUPLICATE.format(bill_status=BillStatus(bill.status).label),
        verified_at=now,
        next_verify_at=now + REFUND_LEASE,
        failure=texts.DUPLICATE,
        **refs,
    )
    return open_duplicate_refund(bill=bill, payment=payment, reason=texts.DUPLICATE)
