"""The sandbox provider: the Saman adapter talking to the sandbox bank in-process."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from nama.payments.models import SandboxTransaction
from nama.payments.providers import known_codes, provider
from nama.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderTimeoutError,
    Redirect,
    Started,
)
from nama.payments.sandbox import bank, sep
from nama.payments.sandbox.bank import Outcome

pytestmark = pytest.mark.django_db

CALLBACK_URL = "http://testserver/payments/callback/sandbox/"


@pytest.fixture
def sandbox(settings: Settings) -> PaymentProvider:
    settings.NAMA_PAYMENT_PROVIDERS = ["sandbox"]
    return provider("sandbox")


def _start(sandbox: PaymentProvider, *, callback_url: str = CALLBACK_URL) -> Started:
    return sandbox.start(
        order_id="P-000042",
        amount=4_200_000,
        callback_url=callback_url,
        mobile="09123456789",
        description="قبض پروانه",
    )


def _pay(started: Started, outcome: Outcome) -> dict[str, str]:
    return sep.callback_fields(bank.pay(token=started.token, outcome=outcome))


def test_the_whole_card_flow_runs_in_process(sandbox: PaymentProvider) -> None:
    started = _start(sandbox)
    assert started.redirect == Redirect(url=f"/payments/sandbox/pay/{started.token}/")
    assert "onlinepg/onlinepg" in started.raw

    callback = sandbox.parse_callback(_pay(started, Outcome.SUCCESS))
    first = sandbox.verify(token=callback.token, order_id=callback.order_id, amount=4_200_000)
    again = sandbox.verify(token=callback.token, order_id=callback.order_id, amount=4_200_000)
    back = sandbox.reverse(token=callback.token, order_id=callback.order_id, amount=4_200_000)

    assert (callback.succeeded, callback.order_id, callback.amount) == (True, "P-000042", 4_200_000)
    assert (first.ok, first.already, first.amount) == (True, False, 4_200_000)
    assert (first.ref_num, first.rrn, first.masked_pan) == (
        callback.ref_num,
        callback.rrn,
        "621986******1231",
    )
    assert (again.ok, again.already, again.amount) == (True, True, 4_200_000)
    assert back.ok
    assert SandboxTransaction.objects.get().state == "reversed"


def test_a_declined_payment_says_so_and_does_not_verify(sandbox: PaymentProvider) -> None:
    started = _start(sandbox)

    callback = sandbox.parse_callback(_pay(started, Outcome.INSUFFICIENT_FUNDS))
    answer = sandbox.verify(token=started.token, order_id="P-000042", amount=4_200_000)

    assert not callback.succeeded
    assert "موجودی کارت کافی نبود" in callback.message
    assert (answer.ok, answer.message) == (False, "تراکنش نزد بانک پیدا نشد.")


def test_the_timeout_outcome_times_out_the_first_verify_only(sandbox: PaymentProvider) -> None:
    started = _start(sandbox)
    callback = sandbox.parse_callback(_pay(started, Outcome.TIMEOUT))
    assert callback.succeeded

    with pytest.raises(ProviderTimeoutError) as lost:
        sandbox.verify(token=started.token, order_id="P-000042", amount=4_200_000)
    answer = sandbox.verify(token=started.token, order_id="P-000042", amount=4_200_000)

    assert "HTTP 504" in lost.value.raw
    assert (answer.ok, answer.already, answer.amount) == (True, True, 4_200_000)


def test_a_refused_token_is_a_persian_error(sandbox: PaymentProvider) -> None:
    with pytest.raises(ProviderError, match="RedirectUrl"):
        _start(sandbox, callback_url="/payments/callback/sandbox/")
    assert not SandboxTransaction.objects.exists()


def test_the_sandbox_is_refused_in_production(sandbox: PaymentProvider, settings: Settings) -> None:
    started = _start(sandbox)
    fields = _pay(started, Outcome.SUCCESS)
    settings.NAMA_ENV = "production"

    for attempt in (
        lambda: _start(sandbox),
        lambda: sandbox.parse_callback(fields),
        lambda: sandbox.verify(token=started.token, order_id="P-000042", amount=4_200_000),
    ):
        with pytest.raises(ProviderError, match="production"):
            attempt()
    assert SandboxTransaction.objects.get().state == "paid"


def test_the_three_providers_are_registered_with_their_titles(
    settings: Settings,
) -> None:
    settings.NAMA_PAYMENT_PROVIDERS = ["sandbox", "saman", "zarinpal"]

    assert {"sandbox", "saman", "zarinpal"} <= set(known_codes())
    assert {code: provider(code).title for code in settings.NAMA_PAYMENT_PROVIDERS} == {
        "sandbox": "درگاه آزمایشی (شبیه‌ساز شاپرک)",
        "saman": "بانک سامان (سپ)",
        "zarinpal": "زرین‌پال",
    }
