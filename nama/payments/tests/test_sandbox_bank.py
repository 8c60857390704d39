"""The sandbox bank's side of a card transaction: token, pay, verify, reverse, auto-reverse."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from nama.payments.constants import SandboxState
from nama.payments.models import SandboxTransaction
from nama.payments.providers.saman import Result, Status
from nama.payments.sandbox import bank
from nama.payments.sandbox.bank import BankRefusal, Outcome

pytestmark = pytest.mark.django_db

TERMINAL = "sandbox-terminal"
RETURN_URL = "http://testserver/payments/callback/sandbox/"


def _token(*, amount: int = 2_500_000, res_num: str = "P-000001", url: str = RETURN_URL) -> str:
    return bank.issue_token(terminal_id=TERMINAL, amount=amount, res_num=res_num, redirect_url=url)


def _paid(outcome: Outcome = Outcome.SUCCESS, res_num: str = "P-000001") -> SandboxTransaction:
    return bank.pay(token=_token(res_num=res_num), outcome=outcome)


def _verify(reference: str, now: datetime | None = None) -> bank.Answer:
    return bank.verify(reference=reference, terminal_id=TERMINAL, now=now)


def _reverse(reference: str, now: datetime | None = None) -> bank.Answer:
    return bank.reverse(reference=reference, terminal_id=TERMINAL, now=now)


def test_a_paid_transaction_verifies_once_then_answers_already() -> None:
    paid = _paid()

    assert paid.state == SandboxState.PAID
    assert paid.masked_pan == "621986******1231"
    assert len(paid.trace_no) == 6
    assert len(paid.rrn) == 12
    first = _verify(paid.ref_num)
    again = _verify(paid.token)

    assert first.code == Result.OK
    assert first.transaction is not None
    assert first.transaction.amount == 2_500_000
    assert not first.answer_lost
    assert again.code == Result.DUPLICATE
    paid.refresh_from_db()
    assert paid.state == SandboxState.VERIFIED
    assert paid.verified_at is not None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"amount": 0}, "مبلغ"),
        ({"amount": 999}, "مبلغ"),
        ({"amount": 100_000_000_000}, "مبلغ"),
        ({"amount": True}, "مبلغ"),
        ({"url": "ftp://nama.example/callback"}, "RedirectUrl"),
        ({"url": "/payments/callback/sandbox/"}, "RedirectUrl"),
        ({"res_num": ""}, "سفارش"),
        ({"res_num": "P-000001"}, "تکراری"),
    ],
)
def test_a_bad_token_request_is_refused_with_invalid_parameters(
    change: dict[str, object], problem: str
) -> None:
    _token(res_num="P-000001")

    with pytest.raises(BankRefusal, match=problem) as refused:
        _token(**{"res_num": "P-000002", **change})  # type: ignore[arg-type]

    assert refused.value.code == Status.INVALID_PARAMETERS
    assert SandboxTransaction.objects.count() == 1


def test_a_token_is_paid_once_and_an_unknown_one_not_at_all() -> None:
    paid = _paid()

    with pytest.raises(BankRefusal) as again:
        bank.pay(token=paid.token, outcome=Outcome.CANCEL)
    with pytest.raises(BankRefusal) as unknown:
        bank.pay(token="0" * 32, outcome=Outcome.SUCCESS)

    assert again.value.code == Status.SESSION_IS_NULL
    assert unknown.value.code == Status.TOKEN_NOT_FOUND
    paid.refresh_from_db()
    assert paid.state == SandboxState.PAID


def test_what_was_not_paid_cannot_be_verified() -> None:
    cancelled = _paid(Outcome.CANCEL, "P-000001")
    declined = _paid(Outcome.INSUFFICIENT_FUNDS, "P-000002")
    paid = _paid(Outcome.SUCCESS, "P-000003")

    assert (cancelled.state, declined.state) == (SandboxState.CANCELLED, SandboxState.FAILED)
    assert _verify(cancelled.token).code == Result.NOT_FOUND
    assert _verify(declined.token).code == Result.NOT_FOUND
    assert _verify("").code == Result.NOT_FOUND
    assert bank.verify(reference=paid.ref_num, terminal_id="other").code == Result.NOT_FOUND
    paid.refresh_from_db()
    assert paid.state == SandboxState.PAID


def test_reverse_before_verify_then_verify_says_reversed() -> None:
    paid = _paid()

    assert _reverse(paid.ref_num).code == Result.OK
    assert _verify(paid.ref_num).code == Result.REVERSED
    assert _reverse(paid.token).code == Result.DUPLICATE
    paid.refresh_from_db()
    assert paid.state == SandboxState.REVERSED
    assert paid.verified_at is None


def test_a_verified_transaction_is_reversed_only_the_same_day() -> None:
    now = timezone.now()
    today = _paid(res_num="P-000001")
    yesterday = _paid(res_num="P-000002")
    _verify(today.ref_num, now)
    _verify(yesterday.ref_num, now)

    assert _reverse(today.ref_num, now).code == Result.OK
    assert _reverse(yesterday.ref_num, now + timedelta(days=1)).code == Result.TOO_LATE
    yesterday.refresh_from_db()
    assert yesterday.state == SandboxState.VERIFIED


def test_what_stays_unverified_too_long_is_reversed_by_the_bank(
    settings: Settings,
) -> None:
    settings.NAMA_SANDBOX_PSP_REVERSE_MINUTES = 30
    old, stale, fresh, verified = (_paid(res_num=f"P-00000{n}") for n in range(1, 5))
    _verify(verified.ref_num)
    long_ago = timezone.now() - timedelta(minutes=31)
    SandboxTransaction.objects.exclude(pk=fresh.pk).update(paid_at=long_ago)

    assert bank.auto_reverse_unverified(timezone.now() - timedelta(seconds=1)) == 2
    assert bank.auto_reverse_unverified() == 0
    states = dict(SandboxTransaction.objects.values_list("res_num", "state"))
    assert states == {
        old.res_num: SandboxState.AUTO_REVERSED,
        stale.res_num: SandboxState.AUTO_REVERSED,
        fresh.res_num: SandboxState.PAID,
        verified.res_num: SandboxState.VERIFIED,
    }
    assert _verify(old.ref_num).code == Result.TOO_LATE
    assert _reverse(old.ref_num).code == Result.DUPLICATE


def test_a_late_verify_before_the_job_runs_finds_it_reversed() -> None:
    paid = _paid()
    SandboxTransaction.objects.filter(pk=paid.pk).update(
        paid_at=timezone.now() - timedelta(hours=1)
    )

    assert _verify(paid.ref_num).code == Result.TOO_LATE
    paid.refresh_from_db()
    assert paid.state == SandboxState.AUTO_REVERSED


def test_the_timeout_outcome_loses_only_the_first_verify_answer() -> None:
    paid = _paid(Outcome.TIMEOUT)
    assert paid.verify_timeouts_left == 1

    lost = _verify(paid.ref_num)
    answered = _verify(paid.ref_num)

    assert (lost.code, lost.answer_lost) == (Result.OK, True)
    assert (answered.code, answered.answer_lost) == (Result.DUPLICATE, False)
    paid.refresh_from_db()
    assert (paid.state, paid.verify_timeouts_left) == (SandboxState.VERIFIED, 0)
