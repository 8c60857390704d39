"""The sandbox bank over HTTP: the card page, the return to the merchant, SEP's endpoints."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from nama.payments.constants import SandboxState
from nama.payments.models import SandboxTransaction
from nama.payments.providers.saman import SamanProvider
from nama.payments.sandbox import bank, sep
from nama.payments.sandbox.bank import Outcome

RETURN_URL = "https://nama.example/payments/callback/sandbox/"
SEP = "/payments/sandbox"


def _token(amount: int = 2_500_000) -> str:
    return bank.issue_token(
        terminal_id="sandbox-terminal", amount=amount, res_num="P-000123", redirect_url=RETURN_URL
    )


def _page(token: str) -> str:
    return f"{SEP}/pay/{token}/"


def _hidden_fields(page: str) -> dict[str, str]:
    """The fields of the auto-posting form (the page's other forms left out)."""
    form = page[
        page.index("data-autosubmit>") : page.index("</form>", page.index("data-autosubmit>"))
    ]
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    return {name: html.unescape(value) for name, value in pairs}


@pytest.mark.django_db
def test_the_pay_page_shows_the_merchant_amount_and_test_card_in_persian(client: Client) -> None:
    answer = client.get(_page(_token()))

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "بانک آزمایشی — پول واقعی جابه‌جا نمی‌شود" in page
    assert "شهرداری اصفهان" in page
    assert "۲٬۵۰۰٬۰۰۰ ریال" in page
    assert '<bdi dir="ltr">P-000123</bdi>' in page
    assert 'value="6219860000001231"' in page
    buttons = re.findall(
        r'<button type="submit" name="outcome" value="([a-z_]+)"[^>]*>([^<]+)<', page
    )
    assert buttons == [
        ("success", "پرداخت موفق"),
        ("cancel", "انصراف"),
        ("insufficient_funds", "موجودی ناکافی"),
        ("timeout", "پرداخت با تأخیر در تأیید"),
    ]
    assert "<script>" not in page


@pytest.mark.django_db
def test_paying_returns_an_auto_posting_form_with_sep_fields(client: Client) -> None:
    token = _token()
    card = {"card_number": "6219860000001231", "cvv2": "123", "expiry": "12/09", "pin2": "123456"}

    answer = client.post(_page(token), {**card, "outcome": "success"})

    assert answer.status_code == 200
    page = answer.content.decode()
    paid = SandboxTransaction.objects.get(token=token)
    assert paid.state == SandboxState.PAID
    assert f'<form method="post" action="{RETURN_URL}" data-autosubmit>' in page
    assert _hidden_fields(page) == {
        "MID": "sandbox-terminal",
        "TerminalId": "sandbox-terminal",
        "State": "OK",
        "Status": "2",
        "RefNum": paid.ref_num,
        "ResNum": "P-000123",
        "Token": token,
        "TraceNo": paid.trace_no,
        "Amount": "2500000",
        "Rrn": paid.rrn,
        "SecurePan": "621986******1231",
    }
    assert "/static/payments/redirect.js" in page
    assert '<button type="submit" class="btn btn-action">بازگشت به سایت پذیرنده</button>' in page
    policy = answer.headers["Content-Security-Policy"]
    assert "form-action 'self' https://nama.example" in policy


@pytest.mark.django_db
def test_cancelling_needs_no_card_and_a_declined_card_is_checked_first(client: Client) -> None:
    cancelled, declined = (
        _token(),
        bank.issue_token(
            terminal_id="sandbox-terminal", amount=1000, res_num="P-2", redirect_url=RETURN_URL
        ),
    )

    cancel = client.post(_page(cancelled), {"card_number": "1234", "outcome": "cancel"})
    bad_card = client.post(
        _page(declined), {"card_number": "6219860000001232", "outcome": "insufficient_funds"}
    )
    decline = client.post(
        _page(declined),
        {
            "card_number": "۶۲۱۹-۸۶۰۰-۰۰۰۰-۱۲۳۱",
            "cvv2": "۱۲۳",
            "expiry": "12/09",
            "pin2": "123456",
            "outcome": "insufficient_funds",
        },
    )

    fields = _hidden_fields(cancel.content.decode())
    assert (fields["Status"], fields["State"], fields["RefNum"]) == ("1", "CanceledByUser", "")
    assert bad_card.status_code == 400
    assert "شماره کارت نامعتبر است." in bad_card.content.decode()
    assert "CVV2 سه یا چهار رقم است." in bad_card.content.decode()
    fields = _hidden_fields(decline.content.decode())
    assert (fields["Status"], fields["State"]) == ("3", "Failed")
    assert SandboxTransaction.objects.get(token=declined).state == SandboxState.FAILED


@pytest.mark.django_db
def test_unknown_and_used_tokens(client: Client) -> None:
    token = _token()
    bank.pay(token=token, outcome=Outcome.SUCCESS)

    assert client.get(_page("f" * 32)).status_code == 404
    used = client.get(_page(token))
    assert used.status_code == 409
    assert "این تراکنش پیش‌تر انجام شده است" in used.content.decode()
    assert client.post(_page(token), {"outcome": "cancel"}).status_code == 409


@pytest.mark.django_db
def test_the_sep_json_endpoints(client: Client) -> None:
    issued = client.post(
        f"{SEP}/onlinepg/onlinepg",
        {
            "action": "token",
            "TerminalId": "21137548",
            "Amount": 120_000,
            "ResNum": "P-9",
            "RedirectUrl": RETURN_URL,
        },
        content_type="application/json",
    ).json()
    refused = client.post(
        f"{SEP}/onlinepg/onlinepg", b"not json", content_type="application/json"
    ).json()
    to_page = client.post(f"{SEP}/OnlinePG/OnlinePG", {"Token": issued["token"], "GetMethod": ""})
    ref_num = bank.pay(token=issued["token"], outcome=Outcome.TIMEOUT).ref_num
    body = {"RefNum": ref_num, "TerminalNumber": 21137548}
    verify = f"{SEP}/verifyTxnRandomSessionkey/ipg/VerifyTransaction"
    lost = client.post(verify, body, content_type="application/json")
    again = client.post(verify, body, content_type="application/json").json()

    assert issued["status"] == 1
    assert (refused["status"], refused["errorCode"]) == (-1, 5)
    assert (to_page.status_code, to_page["Location"]) == (302, _page(issued["token"]))
    assert (lost.status_code, lost.content) == (504, b"")
    assert (again["ResultCode"], again["Success"]) == (2, True)
    assert again["TransactionDetail"]["OrginalAmount"] == 120_000
    assert again["TransactionDetail"]["RefNum"] == ref_num


@pytest.mark.django_db
def test_the_sandbox_is_not_there_in_production(client: Client, settings: Settings) -> None:
    token = _token()
    settings.NAMA_ENV = "production"

    assert client.get(_page(token)).status_code == 404
    assert client.post(_page(token), {"outcome": "success"}).status_code == 404
    assert client.post(f"{SEP}/OnlinePG/OnlinePG", {"Token": token}).status_code == 404
    assert client.post(f"{SEP}/onlinepg/onlinepg", {}, "application/json").status_code == 404
    assert SandboxTransaction.objects.get().state == SandboxState.CREATED


@pytest.mark.django_db(transaction=True)
def test_the_saman_adapter_can_be_pointed_at_the_sandbox(live_server: LiveServer) -> None:
    saman = SamanProvider(terminal_id="21137548", base_url=f"{live_server.url}{SEP}", timeout=5)
    started = saman.start(
        order_id="P-77", amount=50_000, callback_url=RETURN_URL, mobile="", description=""
    )
    fields = sep.callback_fields(bank.pay(token=started.token, outcome=Outcome.SUCCESS))

    callback = saman.parse_callback(fields)
    verified = saman.verify(
        token=started.token, order_id="P-77", amount=50_000, ref_num=callback.ref_num
    )

    assert started.redirect.url == f"{live_server.url}{SEP}/OnlinePG/OnlinePG"
    assert (verified.ok, verified.amount, verified.ref_num) == (True, 50_000, callback.ref_num)
