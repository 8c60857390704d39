"""The Saman (SEP) adapter against a local server that speaks SEP's REST protocol."""

from __future__ import annotations

import socket
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
from nama.payments.providers.saman import SamanProvider
from nama.payments.tests.protocol_server import Reply
from nama.payments.tests.saman_server import SamanServer

CALLBACK_URL = "https://nama.example/payments/callback/saman/"


@pytest.fixture
def sep() -> Iterator[SamanServer]:
    server = SamanServer()
    server.start()
    yield server
    server.stop()


def _saman(sep: SamanServer, *, timeout: float = 5.0, terminal: str = "") -> SamanProvider:
    terminal_id = terminal or sep.terminal_id
    return SamanProvider(terminal_id=terminal_id, base_url=sep.base_url, timeout=timeout)


def _start(saman: PaymentProvider, amount: int = 1_250_000) -> Started:
    return saman.start(
        order_id="P-000123",
        amount=amount,
        callback_url=CALLBACK_URL,
        mobile="09123456789",
        description="قبض پروانه",
    )


def test_start_gets_a_token_and_sends_the_browser_to_sep(sep: SamanServer) -> None:
    started = _start(_saman(sep))

    (received,) = sep.requests
    assert received.path == "/onlinepg/onlinepg"
    assert received.content_type == "application/json"
    assert received.body == {
        "action": "token",
        "TerminalId": sep.terminal_id,
        "Amount": 1_250_000,
        "ResNum": "P-000123",
        "RedirectUrl": CALLBACK_URL,
        "CellNumber": "09123456789",
    }
    assert started.token in sep.tokens
    assert started.redirect == Redirect(
        url=f"{sep.base_url}/OnlinePG/OnlinePG",
        method="POST",
        fields={"Token": started.token, "GetMethod": ""},
    )
    assert "P-000123" in started.raw
    assert started.token in started.raw


@pytest.mark.parametrize(
    ("terminal", "amount", "message"),
    [("99999999", 1_250_000, "پایانهٔ پذیرنده"), ("", 500, "نامعتبر است")],
)
def test_a_refused_token_request_is_a_persian_error(
    sep: SamanServer, terminal: str, amount: int, message: str
) -> None:
    with pytest.raises(ProviderError, match=message) as refused:
        _start(_saman(sep, terminal=terminal), amount)
    assert not isinstance(refused.value, ProviderTimeoutError)
    assert '"status": -1' in refused.value.raw


def test_a_paid_callback_is_read_then_verified_once_and_again(sep: SamanServer) -> None:
    saman = _saman(sep)
    started = _start(saman)

    callback = saman.parse_callback(sep.pay(started.token))

    assert callback.succeeded
    assert (callback.token, callback.order_id, callback.amount) == (
        started.token,
        "P-000123",
        1_250_000,
    )
    assert (callback.trace_no, callback.rrn, callback.masked_pan) == (
        "271828",
        "31415926535",
        "621986******1231",
    )
    first = saman.verify(
        token=started.token, order_id="P-000123", amount=1_250_000, ref_num=callback.ref_num
    )
    assert sep.requests[-1].path == "/verifyTxnRandomSessionkey/ipg/VerifyTransaction"
    assert sep.requests[-1].body == {"RefNum": callback.ref_num, "TerminalNumber": 21137548}
    assert (first.ok, first.amount, first.already) == (True, 1_250_000, False)
    assert (first.ref_num, first.rrn, first.trace_no) == (callback.ref_num, "31415926535", "271828")
    again = saman.verify(
        token=started.token, order_id="P-000123", amount=1_250_000, ref_num=callback.ref_num
    )
    assert (again.ok, again.amount, again.already) == (True, 1_250_000, True)


def test_a_cancelled_callback_says_so_in_persian(sep: SamanServer) -> None:
    saman = _saman(sep)
    started = _start(saman)

    callback = saman.parse_callback(sep.pay(started.token, status=1))

    assert not callback.succeeded
    assert callback.message == "پرداخت‌کننده از پرداخت انصراف داد."
    assert callback.amount == 1_250_000
    assert callback.ref_num == ""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"Token": ""}, "«Token» ندارد"),
        ({"Amount": "1,250,000"}, "«Amount»"),
        ({"Amount": ""}, "«Amount» ندارد"),
        ({"Status": "OK"}, "«Status»"),
        ({"RefNum": ""}, "«RefNum» ندارد"),
        ({"TerminalId": "99999999"}, "پایانهٔ دیگری"),
        ({"SecurePan": "<script>"}, "«SecurePan»"),
    ],
)
def test_a_malformed_callback_is_refused(
    sep: SamanServer, change: dict[str, str], problem: str
) -> None:
    saman = _saman(sep)
    fields = sep.pay(_start(saman).token) | change

    with pytest.raises(ProviderError, match=problem) as refused:
        saman.parse_callback(fields)
    assert "ResNum" in refused.value.raw


def test_verify_refusals_about_the_transaction_are_not_ok(sep: SamanServer) -> None:
    saman = _saman(sep)
    started = _start(saman)
    ref_num = saman.parse_callback(sep.pay(started.token)).ref_num

    unknown = saman.verify(token=started.token, order_id="P", amount=1, ref_num="nope")
    reversed_ = saman.reverse(token=started.token, order_id="P", amount=1, ref_num=ref_num)
    again = saman.reverse(token=started.token, order_id="P", amount=1, ref_num=ref_num)
    late = saman.verify(token=started.token, order_id="P", amount=1, ref_num=ref_num)

    assert (unknown.ok, unknown.message) == (False, "تراکنش نزد بانک پیدا نشد.")
    assert reversed_.ok
    assert sep.requests[-3].path == "/verifyTxnRandomSessionkey/ipg/ReverseTransaction"
    assert (again.ok, again.message) == (True, "این تراکنش پیش‌تر برگشت خورده بود.")
    assert (late.ok, late.message) == (False, "این تراکنش برگشت خورده است.")


def test_what_is_not_about_the_transaction_is_an_error_not_a_refusal(sep: SamanServer) -> None:
    with pytest.raises(ProviderError, match="RefNum"):
        _saman(sep).verify(token="abc", order_id="P-000123", amount=1_250_000)
    assert sep.requests == []

    saman = _saman(sep, terminal="11111111")
    with pytest.raises(ProviderError, match="پایانهٔ پذیرنده نزد بانک پیدا نشد") as refused:
        saman.verify(token="t", order_id="P", amount=1, ref_num="r")
    assert not isinstance(refused.value, ProviderTimeoutError)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(delay=1.0),
        Reply(http_status=502, raw_body=b"<html>Bad Gateway</html>"),
        Reply(raw_body=b'{"ResultCode": 0, "TransactionDe'),
        Reply(payload={"ResultCode": 0, "TransactionDetail": None, "Success": True}),
    ],
    ids=["slow", "http-502", "garbled", "no-amount"],
)
def test_an_unknown_verify_outcome_is_a_timeout_and_asking_again_settles_it(
    sep: SamanServer, reply: Reply
) -> None:
    saman = _saman(sep, timeout=0.3)
    started = _start(saman)
    ref_num = saman.parse_callback(sep.pay(started.token)).ref_num
    sep.script(reply)

    with pytest.raises(ProviderTimeoutError) as unknown:
        saman.verify(token=started.token, order_id="P", amount=1_250_000, ref_num=ref_num)
    assert "VerifyTransaction" in unknown.value.raw

    answer = saman.verify(token=started.token, order_id="P", amount=1_250_000, ref_num=ref_num)
    assert (answer.ok, answer.amount) == (True, 1_250_000)


def test_a_garbled_token_answer_is_an_error_but_no_answer_is_a_timeout(
    sep: SamanServer,
) -> None:
    sep.script(Reply(raw_body=b"<html>maintenance</html>"))
    with pytest.raises(ProviderError) as garbled:
        _start(_saman(sep))
    assert not isinstance(garbled.value, ProviderTimeoutError)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = SamanProvider(terminal_id="1", base_url=f"http://127.0.0.1:{port}", timeout=1)
    with pytest.raises(ProviderTimeoutError, match="اتصال به درگاه سامان برقرار نشد"):
        _start(closed)


def test_the_registered_provider_is_built_from_settings(
    sep: SamanServer, settings: Settings
) -> None:
    settings.NAMA_PAYMENT_PROVIDERS = ["saman"]
    settings.NAMA_SAMAN_BASE_URL = sep.base_url
    settings.NAMA_SAMAN_TERMINAL_ID = ""

    saman = provider("saman")
    assert saman.title == "بانک سامان (سپ)"
    with pytest.raises(ProviderError, match="NAMA_SAMAN_TERMINAL_ID"):
        _start(saman)
    assert sep.requests == []

    settings.NAMA_SAMAN_TERMINAL_ID = sep.terminal_id
    assert _start(provider("saman")).token in sep.tokens
