"""The sandbox bank: the PSP's side of a Shaparak card transaction (ADR 0031).

A token is issued for (terminal, amount, order number, return URL); the tester pays on the
sandbox page choosing the outcome; the merchant then verifies (idempotent: the second verify
answers "already verified") or reverses (before verify, or the same day after it, as SEP
allows). What stays unverified longer than ``NAMA_SANDBOX_PSP_REVERSE_MINUTES`` is reversed by
the bank itself. Answers carry SEP's result codes, so the Saman-compatible endpoints and the
in-process sandbox provider read them alike. The sandbox never runs in production.
"""

from __future__ import annotations

import secrets
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.core.jalali import tehran_time
from nama.payments.constants import SandboxState
from nama.payments.models import SandboxTransaction
from nama.payments.providers.saman import Result, Status

# The smallest card payment Shaparak takes, and the largest amount a payment ID can carry.
MIN_AMOUNT = 1_000
MAX_AMOUNT = 99_999_999_000
TEST_CARD = "6219860000001231"  # Luhn-valid, Saman's BIN; no such card exists


class Outcome(StrEnum):
    SUCCESS = "success"
    CANCEL = "cancel"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    # Paid, but the answer to the first verify is lost (the bank did verify).
    TIMEOUT = "timeout"


class BankRefusal(Exception):  # noqa: N818 - the bank's word, not a programming error
    """The bank refuses: ``code`` is SEP's status code, ``message`` Persian."""

    def __init__(self, code: Status, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Answer:
    """The bank's answer to a verify or reverse; ``answer_lost``: done, but no reply leaves."""

    code: Result
    transaction: SandboxTransaction | None
    answer_lost: bool = False


def available() -> bool:
    return bool(settings.NAMA_ENV != "production")


def issue_token(*, terminal_id: str, amount: int, res_num: str, redirect_url: str) -> str:
    """A new token for paying ``amount`` rials of order ``res_num``; refuses bad input."""
    problem = _token_problem(terminal_id, amount, res_num, redirect_url)
    if problem:
        raise BankRefusal(Status.INVALID_PARAMETERS, problem)
    try:
        with transaction.atomic():
            created = SandboxTransaction.objects.create(
                token=secrets.token_hex(16),
                terminal_id=terminal_id,
                res_num=res_num,
                amount=amount,
                redirect_url=redirect_url,
            )
    except IntegrityError as exc:
        raise BankRefusal(Status.INVALID_PARAMETERS, "شمارهٔ سفارش تکراری است.") from exc
    return created.token


def _token_problem(terminal_id: str, amount: int, res_num: str, redirect_url: str) -> str:
    if not 0 < len(terminal_id) <= 20:
        return "شمارهٔ پایانه نامعتبر است."
    if isinstance(amount, bool) or not isinstance(amount, int):
        return "مبلغ باید عدد صحیح ریال باشد."
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        return "مبلغ خارج از بازهٔ مجاز پرداخت کارتی است."
    if not 0 < len(res_num) <= 50:
        return "شمارهٔ سفارش نامعتبر است."
    url = urllib.parse.urlsplit(redirect_url)
    if url.scheme not in {"http", "https"} or not url.netloc or len(redirect_url) > 500:
        return "نشانی بازگشت (RedirectUrl) نامعتبر است."
    return ""


def transaction_for(token: str) -> SandboxTransaction | None:
    return SandboxTransaction.objects.filter(token=token).first()


def pay(*, token: str, outcome: Outcome, card_number: str = TEST_CARD) -> SandboxTransaction:
    """The payer's choice on the pay page, once per token."""
    with transaction.atomic():
        paying = SandboxTransaction.objects.select_for_update().filter(token=token).first()
        if paying is None:
            raise BankRefusal(Status.TOKEN_NOT_FOUND, "توکن پرداخت پیدا نشد.")
        if paying.state != SandboxState.CREATED:
            raise BankRefusal(Status.SESSION_IS_NULL, "این تراکنش پیش‌تر انجام شده است.")
        _settle_choice(paying, outcome, card_number)
        paying.save(
            update_fields=[
                "state",
                "ref_num",
                "trace_no",
                "rrn",
                "masked_pan",
                "verify_timeouts_left",
                "paid_at",
            ]
        )
    return paying


def _settle_choice(paying: SandboxTransaction, outcome: Outcome, card_number: str) -> None:
    if outcome == Outcome.CANCEL:
        paying.state = SandboxState.CANCELLED
        return
    paying.masked_pan = f"{card_number[:6]}******{card_number[-4:]}"
    if outcome == Outcome.INSUFFICIENT_FUNDS:
        paying.state = SandboxState.FAILED
        return
    paying.state = SandboxState.PAID
    paying.paid_at = timezone.now()
    paying.ref_num = secrets.token_urlsafe(30)
    paying.trace_no = _digits(6)
    paying.rrn = _digits(12)
    paying.verify_timeouts_left = 1 if outcome == Outcome.TIMEOUT else 0


def _digits(count: int) -> str:
    return str(secrets.randbelow(9 * 10 ** (count - 1)) + 10 ** (count - 1))


def callback_status(paid: SandboxTransaction) -> Status:
    """The Status the pay page sends back for a transaction the payer finished."""
    return {
        SandboxState.CANCELLED: Status.CANCELED_BY_USER,
        SandboxState.FAILED: Status.FAILED,
    }.get(SandboxState(paid.state), Status.OK)


def verify(*, reference: str, terminal_id: str, now: datetime | None = None) -> Answer:
    """Verify (and settle) the transaction of token or RefNum ``reference``; idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        found = _locked(reference, terminal_id)
        if found is None:
            return Answer(Result.NOT_FOUND, None)
        if found.state == SandboxState.PAID and _overdue(found, now):
            _reverse(found, SandboxState.AUTO_REVERSED, now)
        code = _verify_code(SandboxState(found.state))
        if code == Result.OK:
            found.state = SandboxState.VERIFIED
            found.verified_at = now
        lost = code in {Result.OK, Result.DUPLICATE} and found.verify_timeouts_left > 0
        if lost:
            found.verify_timeouts_left -= 1
        found.save(update_fields=["state", "verified_at", "verify_timeouts_left", "reversed_at"])
    return Answer(code, found, answer_lost=lost)


def _verify_code(state: SandboxState) -> Result:
    return {
        SandboxState.PAID: Result.OK,
        SandboxState.VERIFIED: Result.DUPLICATE,
        SandboxState.REVERSED: Result.REVERSED,
        SandboxState.AUTO_REVERSED: Result.TOO_LATE,
    }.get(state, Result.NOT_FOUND)


def reverse(*, reference: str, terminal_id: str, now: datetime | None = None) -> Answer:
    """Give the money back: unverified, or verified the same (Tehran) day; idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        found = _locked(reference, terminal_id)
        if found is None:
            return Answer(Result.NOT_FOUND, None)
        code = _reverse_code(found, now)
        if code == Result.OK:
            _reverse(found, SandboxState.REVERSED, now)
            found.save(update_fields=["state", "reversed_at"])
    return Answer(code, found)


def _reverse_code(found: SandboxTransaction, now: datetime) -> Result:
    if found.state in {SandboxState.REVERSED, SandboxState.AUTO_REVERSED}:
        return Result.DUPLICATE
    if found.state == SandboxState.PAID:
        return Result.OK
    if found.state == SandboxState.VERIFIED and found.verified_at is not None:
        same_day = tehran_time(found.verified_at).date() == tehran_time(now).date()
        return Result.OK if same_day else Result.TOO_LATE
    return Result.NOT_FOUND


def auto_reverse_unverified(now: datetime | None = None) -> int:
    """Reverse what was paid but not verified in time; return how many."""
    now = now or timezone.now()
    return SandboxTransaction.objects.filter(
        state=SandboxState.PAID, paid_at__lt=now - _verify_window()
    ).update(state=SandboxState.AUTO_REVERSED, reversed_at=now)


def _verify_window() -> timedelta:
    return timedelta(minutes=settings.NAMA_SANDBOX_PSP_REVERSE_MINUTES)


def _overdue(paid: SandboxTransaction, now: datetime) -> bool:
    return paid.paid_at is not None and paid.paid_at < now - _verify_window()


def _reverse(found: SandboxTransaction, state: SandboxState, now: datetime) -> None:
    found.state = state
    found.reversed_at = now


def _locked(reference: str, terminal_id: str) -> SandboxTransaction | None:
    if not reference:
        return None
    by_token = SandboxTransaction.objects.filter(token=reference, terminal_id=terminal_id)
    by_ref = SandboxTransaction.objects.filter(ref_num=reference, terminal_id=terminal_id)
    return (by_token | by_ref).select_for_update().first()
