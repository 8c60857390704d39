"""The payment pages: the pay button, the gateways' callbacks, the outcome page; and the whole
journey through the sandbox bank's card page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus
from nama.billing.models import Bill, Receipt
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment, PaymentEvent
from nama.payments.services import recheck_due_payments
from nama.payments.tests.payment_fakes import (
    GATEWAY_URL,
    FakeGateway,
    issued_bill,
    use_fake_gateway,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings: Any) -> FakeGateway:
    return use_fake_gateway(settings)


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay(client: Client, bill: Bill, **data: str) -> Any:
    return client.post(reverse("payments:pay", args=[bill.pk]), {"next": "/bills/", **data})


def _text(response: Any) -> str:
    return str(response.content.decode())


def test_the_pay_button_sends_the_payer_to_the_gateway(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    response = _pay(_signed_in(bill.payer), bill)

    payment = Payment.objects.get()
    assert (payment.status, payment.return_url) == (PaymentStatus.PENDING, "/bills/")
    assert response.status_code == 200
    page = _text(response)
    assert f'action="{GATEWAY_URL}"' in page
    assert f'value="{payment.token}"' in page
    assert "data-autosubmit" in page
    assert "ادامه در درگاه بانک" in page
    form = page.split("data-autosubmit", 1)[1].split("</form>", 1)[0]
    assert "payments/redirect.js" in page
    assert "csrfmiddlewaretoken" not in form
    policy = response["Content-Security-Policy"]
    assert "form-action 'self' https://pay.fake-bank.test" in policy

    gateway.redirect_method = "GET"  # a gateway page on this site: a plain redirect
    response = _pay(_signed_in(bill.payer), bill)
    assert response.status_code == 302
    assert response["Location"].startswith("/payments/sandbox/")


def test_only_the_payer_may_press_pay_and_only_for_an_issued_bill(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    assert _pay(_signed_in(make_user()), bill).status_code == 404
    anonymous = _pay(Client(), bill)
    assert anonymous.status_code == 302
    assert "/accounts/" in anonymous["Location"]
    assert _signed_in(bill.payer).get(reverse("payments:pay", args=[bill.pk])).status_code == 405
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.PAID)
    refused = _pay(_signed_in(bill.payer), bill)
    assert (refused.status_code, refused["Location"]) == (302, "/bills/")
    assert not Payment.objects.exists()


def test_back_from_the_gateway_to_the_outcome_page(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    client = _signed_in(bill.payer)
    _pay(client, bill)
    payment = Payment.objects.get()
    fields = {"token": payment.token, "order": payment.order_id, "status": "OK", "ref": "R-77"}
    back = Client().post(reverse("payments:callback", args=["fake"]), fields)  # no session
    result_url = reverse("payments:result", args=[payment.order_id])
    assert (back.status_code, back["Location"]) == (302, result_url)

    page = _text(client.get(result_url))
    assert "پرداخت انجام شد" in page
    assert "R-77" in page  # a Latin reference keeps its own digits
    assert reverse("billing:receipt", args=[bill.pk]) in page
    assert 'href="/bills/"' in page
    assert PaymentEvent.objects.get(kind=EventKind.CALLBACK).remote_addr == "127.0.0.1"


def test_a_cancel_comes_back_by_get_and_offers_to_pay_again(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    client = _signed_in(bill.payer)
    _pay(client, bill)
    payment = Payment.objects.get()
    query = {"token": payment.token, "status": "NOK"}
    back = client.get(reverse("payments:callback", args=["fake"]), query)
    page = _text(client.get(back["Location"]))
    assert "پرداخت انجام نشد" in page
    assert "پرداخت‌کننده انصراف داد." in page
    assert "پرداخت دوباره" in page
    assert reverse("payments:pay", args=[bill.pk]) in page


def test_an_unknown_or_altered_callback_gets_a_400_page_and_changes_nothing(
    gateway: FakeGateway,
) -> None:
    bill = issued_bill(make_user())
    _pay(_signed_in(bill.payer), bill)
    payment = Payment.objects.get()
    url = reverse("payments:callback", args=["fake"])
    for fields in (
        {"token": "tok-forged", "status": "OK"},
        {"token": payment.token, "status": "OK", "amount": "1000"},
    ):
        response = Client().post(url, fields)
        assert response.status_code == 400
        assert "پذیرفته نشد" in _text(response)
    assert Client().post(reverse("payments:callback", args=["nosuch"]), {}).status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not Receipt.objects.exists()


def test_the_outcome_page_is_the_payers_alone_and_says_when_to_look_again(
    gateway: FakeGateway,
) -> None:
    bill = issued_bill(make_user())
    client = _signed_in(bill.payer)
    _pay(client, bill)
    url = reverse("payments:result", args=[Payment.objects.get().order_id])
    page = _text(client.get(url))
    assert "در حال بررسی" in page
    assert "بررسی دوباره" in page
    assert _signed_in(make_user()).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert client.get(reverse("payments:result", args=["A" * 20])).status_code == 404


@pytest.mark.parametrize("outcome", ["success", "timeout"])
def test_paying_through_the_sandbox_bank(settings: Any, outcome: str) -> None:
    settings.NAMA_PAYMENT_PROVIDERS = ["sandbox"]
    bill = issued_bill(make_user())
    client = _signed_in(bill.payer)
    to_bank = _pay(client, bill)
    card_page = client.get(to_bank["Location"])
    assert card_page.status_code == 200
    back = client.post(
        to_bank["Location"], {"outcome": outcome, **card_page.context["form"].initial}
    )
    fields = back.context["fields"]
    assert back.context["action"].endswith(reverse("payments:callback", args=["sandbox"]))
    result = client.post(reverse("payments:callback", args=["sandbox"]), fields)

    payment = Payment.objects.get()
    if outcome == "timeout":  # the bank verified, but its answer was lost
        assert payment.status == PaymentStatus.UNVERIFIED
        recheck_due_payments(timezone.now() + timedelta(minutes=2))
        payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert bill.receipt.payment == payment
    assert "پرداخت انجام شد" in _text(client.get(result["Location"]))
