"""The payments API: the payer starts paying and reads the status; another user gets the
404 of a bill or payment that does not exist; an anonymous caller 401; refusals problem+json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user
from nama.billing.constants import BillStatus
from nama.billing.models import Bill
from nama.payments.models import Payment
from nama.payments.tests.payment_fakes import (
    GATEWAY_URL,
    FakeGateway,
    callback,
    issued_bill,
    use_fake_gateway,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings: Any) -> FakeGateway:
    return use_fake_gateway(settings)


def call(user: Any, method: str, path: str = "", body: Any = None) -> Any:
    headers = bearer(api_token(user)) if user is not None else {}
    data = json.dumps(body) if body is not None else None
    url = f"/api/v1/payments{path}"
    return getattr(Client(), method)(url, data, content_type="application/json", headers=headers)


def test_the_payer_starts_paying_and_follows_the_status(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    started = call(bill.payer, "post", body={"bill": bill.pk, "return_url": f"/bills/{bill.pk}/"})
    assert started.status_code == 201, started.content
    body = started.json()
    payment = Payment.objects.get()
    assert body["order_id"] == payment.order_id
    assert body["status"] == {"value": "pending", "label": "در درگاه بانک"}
    assert body["redirect"] == {
        "url": GATEWAY_URL,
        "method": "POST",
        "fields": {"Token": payment.token},
    }

    callback(payment)
    status = call(bill.payer, "get", f"/{payment.order_id}")
    assert status.status_code == 200, status.content
    read = status.json()
    assert (read["status"]["value"], read["bill"], read["amount"]) == ("paid", bill.pk, bill.amount)
    assert (read["bill_number"], read["provider"]["label"]) == (
        bill.bill_number,
        "بانک آزمایشی تست",
    )
    assert read["ref_num"] == f"ref-{payment.token}"
    assert read["verified_at"].endswith("+03:30")


def test_another_user_gets_not_found_and_an_anonymous_caller_401(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    stranger = make_user()
    assert_problem(call(stranger, "post", body={"bill": bill.pk}), 404, "bill_not_found")
    assert_problem(call(stranger, "post", body={"bill": 999_999}), 404, "bill_not_found")
    assert_problem(call(None, "post", body={"bill": bill.pk}), 401, "not_authenticated")
    assert not Payment.objects.exists()

    call(bill.payer, "post", body={"bill": bill.pk})
    order = Payment.objects.get().order_id
    assert_problem(call(stranger, "get", f"/{order}"), 404, "payment_not_found")
    assert_problem(call(None, "get", f"/{order}"), 401, "not_authenticated")
    assert_problem(call(bill.payer, "get", "/NOT-AN-ORDER"), 404, "payment_not_found")


def test_refusals_say_why_and_start_nothing(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    unknown = call(bill.payer, "post", body={"bill": bill.pk, "provider": "mellat"})
    assert "provider" in assert_problem(unknown, 422, "unknown_provider")["errors"]
    outside = call(bill.payer, "post", body={"bill": bill.pk, "return_url": "//evil.example/"})
    assert_problem(outside, 422, "validation_error")
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.PAID)
    paid = assert_problem(call(bill.payer, "post", body={"bill": bill.pk}), 409, "bill_not_payable")
    assert paid["detail"] == "این قبض پیش‌تر پرداخت شده است."
    assert not Payment.objects.exists()
