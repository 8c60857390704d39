"""The ZarinPal v4 adapter against a local server that speaks ZarinPal's REST protocol."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from nama.payments.providers import provider
from nama.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderTimeoutError,
    Redirect,
    Started,
)
from nama.payments.providers.zarinpal import ZarinpalProvider
from nama.payments.tests.protocol_server import Reply
from nama.payments.tests.zarinpal_server import ZarinpalServer, error

CALLBACK_URL = "https://nama.example/payments/callback/zarinpal/"
AMOUNT = 3_400_000


@pytest.fixture
def zarinpal() -> Iterator[ZarinpalServer]:
    server = ZarinpalServer()
    server.start()
    yield server
    server.stop()


def _adapter(server: ZarinpalServer, *, timeout: float = 5.0) -> ZarinpalProvider:
    return ZarinpalProvider(
        merchant_id=server.merchant_id, base_url=server.base_url, timeout=timeout
    )


def _start(adapter: PaymentProvider, amount: int = AMOUNT) -> Started:
    return adapter.start(
        order_id="P-000777",
        amount=amount,
        callback_url=CALLBACK_URL,
        mobile="09123456789",
        description="عوارض نوسازی ۱۴۰۵",
    )


def test_start_requests_an_authority_and_redirects_to_start_pay(
    zarinpal: ZarinpalServer,
) -> None:
    started = _start(_adapter(zarinpal))

    (received,) = zarinpal.requests
    assert received.path == "/pg/v4/payment/request.json"
    assert received.body == {
        "merchant_id": zarinpal.merchant_id,
        "amount": AMOUNT,
        "currency": "IRR",
        "description": "عوارض نوسازی ۱۴۰۵",
        "callback_url": CALLBACK_URL,
        "metadata": {"order_id": "P-000777", "mobile": "09123456789"},
    }
    assert started.token == "A00000000000000000000000000000000201"
    assert started.redirect == Redirect(url=f"{zarinpal.base_url}/pg/StartPay/{started.token}")
    assert "P-000777" in started.raw
    assert zarinpal.merchant_id not in started.raw


@pytest.mark.parametrize(
    ("merchant_id", "amount", "message"),
    [("wrong-merchant", AMOUNT, "شناسهٔ پذیرنده"), ("", 100, "معتبر نیست")],
)
def test_a_refused_request_is_a_persian_error_without_the_merchant_id(
    zarinpal: ZarinpalServer, merchant_id: str, amount: int, message: str
) -> None:
    adapter = _adapter(zarinpal)
    adapter.merchant_id = merchant_id or zarinpal.merchant_id

    with pytest.raises(ProviderError, match=message) as refused:
        _start(adapter, amount)
    assert not isinstance(refused.value, ProviderTimeoutError)
    assert adapter.merchant_id not in refused.value.raw
    assert adapter.merchant_id not in str(refused.value)


def test_a_paid_callback_is_verified_then_verified_again(zarinpal: ZarinpalServer) -> None:
    adapter = _adapter(zarinpal)
    authority = _start(adapter).token

    callback = adapter.parse_callback(zarinpal.pay(authority))
    first = adapter.verify(token=authority, order_id="", amount=AMOUNT)
    again = adapter.verify(token=authority, order_id="", amount=AMOUNT)

    assert (callback.token, callback.succeeded, callback.amount) == (authority, True, None)
    assert zarinpal.requests[-1].path == "/pg/v4/payment/verify.json"
    assert zarinpal.requests[-1].body == {
        "merchant_id": zarinpal.merchant_id,
        "amount": AMOUNT,
        "authority": authority,
    }
    assert (first.ok, first.already, first.amount, first.ref_num) == (True, False, AMOUNT, "201")
    assert first.masked_pan == "502229******5995"
    assert (again.ok, again.already) == (True, True)
    assert zarinpal.merchant_id not in first.raw


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"Authority": "A0000 or 1=1", "Status": "OK"}, "Authority"),
        ({"Authority": "A000000000000000000000000000000000201"}, "Status"),
        ({"Authority": "A00000000000000000000000000000000201", "Status": "ok!"}, "Status"),
    ],
)
def test_a_malformed_callback_is_refused(
    zarinpal: ZarinpalServer, query: dict[str, str], problem: str
) -> None:
    with pytest.raises(ProviderError, match=problem):
        _adapter(zarinpal).parse_callback(query)


def test_an_unpaid_or_other_amount_verify_is_a_refusal(zarinpal: ZarinpalServer) -> None:
    adapter = _adapter(zarinpal)
    authority = _start(adapter).token

    cancelled = adapter.parse_callback(zarinpal.pay(authority, ok=False))
    unpaid = adapter.verify(token=authority, order_id="", amount=AMOUNT)
    zarinpal.pay(authority)
    other_amount = adapter.verify(token=authority, order_id="", amount=AMOUNT - 1000)

    assert (cancelled.succeeded, cancelled.message) == (
        False,
        "پرداخت انجام نشد یا پرداخت‌کننده از آن انصراف داد.",
    )
    assert (unpaid.ok, unpaid.message) == (False, "پرداخت انجام نشده است.")
    assert (other_amount.ok, other_amount.message) == (
        False,
        "مبلغ پرداخت‌شده با مبلغ قبض برابر نیست.",
    )


def test_a_merchant_error_on_verify_is_an_error(zarinpal: ZarinpalServer) -> None:
    zarinpal.script(Reply(payload=error(-11, "Terminal is not active."), http_status=401))
    with pytest.raises(ProviderError, match="فعال نیست") as refused:
        _adapter(zarinpal).verify(token="A1", order_id="", amount=AMOUNT)
    assert not isinstance(refused.value, ProviderTimeoutError)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(delay=1.0),
        Reply(http_status=503, raw_body=b"Service Unavailable"),
        Reply(raw_body=b'{"data": {"code": 100, "ref_'),
        Reply(payload={"data": {"code": 100, "message": "Verified"}, "errors": []}),
    ],
    ids=["slow", "http-503", "garbled", "no-ref-id"],
)
def test_an_unknown_verify_outcome_is_a_timeout(zarinpal: ZarinpalServer, reply: Reply) -> None:
    adapter = _adapter(zarinpal, timeout=0.3)
    authority = _start(adapter).token
    zarinpal.pay(authority)
    zarinpal.script(reply)

    with pytest.raises(ProviderTimeoutError):
        adapter.verify(token=authority, order_id="", amount=AMOUNT)

    assert adapter.verify(token=authority, order_id="", amount=AMOUNT).ok


def test_reverse_a_verified_payment_once(zarinpal: ZarinpalServer) -> None:
    adapter = _adapter(zarinpal)
    authority = _start(adapter).token
    zarinpal.pay(authority)
    adapter.verify(token=authority, order_id="", amount=AMOUNT)

    done = adapter.reverse(token=authority, order_id="", amount=AMOUNT)
    again = adapter.reverse(token=authority, order_id="", amount=AMOUNT)

    assert zarinpal.requests[-1].path == "/pg/v4/payment/reverse.json"
    assert zarinpal.requests[-1].body == {
        "merchant_id": zarinpal.merchant_id,
        "authority": authority,
    }
    assert done.ok
    assert (again.ok, again.message) == (False, "تراکنش موفق نیست و برگشت‌دادنی نیست.")


def test_the_registered_provider_is_built_from_settings(
    zarinpal: ZarinpalServer, settings: Settings
) -> None:
    settings.NAMA_PAYMENT_PROVIDERS = ["zarinpal"]
    settings.NAMA_ZARINPAL_BASE_URL = zarinpal.base_url
    settings.NAMA_ZARINPAL_MERCHANT_ID = ""

    with pytest.raises(ProviderError, match="NAMA_ZARINPAL_MERCHANT_ID"):
        _start(provider("zarinpal"))
    assert zarinpal.requests == []

    settings.NAMA_ZARINPAL_MERCHANT_ID = zarinpal.merchant_id
    adapter = provider("zarinpal")
    assert adapter.title == "زرین‌پال"
    assert _start(adapter).token in zarinpal.sessions
