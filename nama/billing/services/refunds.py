"""Money given back: a second successful payment of a paid bill (reversed through its
provider by the payments app), or a paid bill refunded by revenue staff (ADR 0030, 0031)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.constants import BillStatus, LedgerKind, RefundKind, RefundStatus
from nama.billing.models import Bill, DutyYear, Receipt, Refund
from nama.billing.services.ledger import post
from nama.core.problems import ConflictError, ForbiddenError
from nama.core.text import normalize_digits, normalize_persian, strip_invisible
from nama.payments.models import Payment

logger = logging.getLogger(__name__)

MAX_TEXT = 1000
MAX_REFERENCE = 64
NO_REASON = "دلیل استرداد را بنویسید."
NO_REFERENCE = "شماره مرجع واریز بانکی را وارد کنید (حداکثر ۶۴ نویسه)."
LONG_TEXT = "متن حداکثر ۱۰۰۰ نویسه است."
WRONG_BILL = "این پرداخت از آنِ این قبض نیست."
PAID_THE_BILL = "این پرداخت همان پرداختِ ثبت‌شده قبض است و تکراری نیست."
REFUND_DONE = "این استرداد پیش‌تر انجام شده است."
NOT_PAID = "فقط قبض پرداخت‌شده را می‌توان مسترد کرد؛ وضعیت این قبض «{status}» است."
NOT_ALLOWED = "شما اجازه استرداد وجه این قبض را ندارید."


def open_duplicate_refund(*, bill: Bill, payment: Payment, reason: str) -> Refund:
    """The pending refund of ``payment``, a successful payment ``bill`` did not need (it was
    already paid, void or refunded). Idempotent: a payment has at most one refund."""
    text = _text(reason, NO_REASON)
    if payment.bill_id != bill.pk:
        raise ValidationError(WRONG_BILL, code="wrong_bill")
    if Receipt.objects.filter(payment=payment).exists():
        raise ConflictError(PAID_THE_BILL, code="payment_paid_the_bill")
    existing = Refund.objects.filter(payment=payment).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Refund.objects.create(
                kind=RefundKind.DUPLICATE,
                bill=bill,
                payment=payment,
                amount=payment.amount,
                reason=text,
            )
    except IntegrityError:  # opened a moment ago by a concurrent caller
        return Refund.objects.get(payment=payment)


def complete_refund(*, refund: Refund, reference: str) -> Refund:
    """The money went back (``reference``: the provider's or bank's): the refund is done and
    the ledger records it. Completing a done refund again changes nothing."""
    ref = _reference(reference)
    with transaction.atomic():
        locked = _locked(refund)
        if locked.status == RefundStatus.DONE:
            return locked
        locked.status = RefundStatus.DONE
        locked.reference = ref
        locked.attempts += 1
        locked.done_at = timezone.now()
        locked.save(update_fields=["status", "reference", "attempts", "done_at"])
        post(kind=LedgerKind.REFUNDED, bill=locked.bill, refund=locked, memo=_memo(locked))
    return locked


def fail_refund(*, refund: Refund, message: str) -> Refund:
    """An attempt to give the money back failed (``message``: the provider's words, logged);
    the refund stays open as failed for a retry or a revenue officer."""
    with transaction.atomic():
        locked = _locked(refund)
        if locked.status == RefundStatus.DONE:
            raise ConflictError(REFUND_DONE, code="refund_done")
        locked.status = RefundStatus.FAILED
        locked.attempts += 1
        locked.last_error = message[:300]
        locked.save(update_fields=["status", "attempts", "last_error"])
    logger.warning("refund %s attempt %s failed: %s", locked.pk, locked.attempts, message[:300])
    return locked


def refund_bill(*, bill: Bill, actor: User, reason: str, reference: str) -> Refund:
    """A revenue officer gives back the whole amount of a paid bill by bank transfer
    (``reference``): the bill becomes refunded and the duty years it settled are owed again."""
    text = _text(reason, NO_REASON)
    ref = _reference(reference)
    if not can(actor, "billing.adjust", bill):
        raise ForbiddenError(NOT_ALLOWED, code="not_allowed")
    with transaction.atomic():
        locked = Bill.objects.select_for_update(of=("self",)).get(pk=bill.pk)
        if locked.status != BillStatus.PAID:
            status = locked.get_status_display()
            raise ConflictError(NOT_PAID.format(status=status), code="bill_not_paid")
        refund = Refund.objects.create(
            kind=RefundKind.BILL,
            bill=locked,
            amount=locked.receipt.amount,
            status=RefundStatus.DONE,
            reason=text,
            reference=ref,
            attempts=1,
            requested_by=actor,
            done_at=timezone.now(),
        )
        locked.status = BillStatus.REFUNDED
        locked.save(update_fields=["status"])
        post(kind=LedgerKind.REFUNDED, bill=locked, refund=refund, memo=_memo(refund))
        _unsettle_duty_years(locked)
    bill.refresh_from_db()
    return refund


def _unsettle_duty_years(bill: Bill) -> None:
    """The years the bill's statement settled are owed again (opening balances stay)."""
    if bill.assessment_id is None:
        rows = DutyYear.objects.filter(bill=bill)
    else:
        rows = DutyYear.objects.filter(bill__assessment_id=bill.assessment_id)
    rows.filter(settled_at__isnull=False, opening_balance=False).update(settled_at=None, amount=0)


def _locked(refund: Refund) -> Refund:
    return Refund.objects.select_for_update(of=("self",)).select_related("bill").get(pk=refund.pk)


def _text(value: str, missing: str) -> str:
    text = normalize_persian(value) if isinstance(value, str) else ""
    if not text:
        raise ValidationError({"reason": [missing]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"reason": [LONG_TEXT]})
    return text


def _reference(value: str) -> str:
    text = normalize_digits(strip_invisible(value)).strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_REFERENCE:
        raise ValidationError({"reference": [NO_REFERENCE]})
    return text


def _memo(refund: Refund) -> str:
    return f"استرداد {refund.get_kind_display()} قبض {refund.bill.bill_number}"
