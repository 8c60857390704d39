"""Paying a bill: start → the gateway → callback → verify → paid with a receipt; and the ways
a payment ends unpaid (failure, cancel, no token, the bank says no, the payer never returns)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus, ReceiptSource
from nama.billing.models import Bill, Receipt
from nama.billing.services.ledger import check_ledger
from nama.core.problems import ApiError, ConflictError, ForbiddenError
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment, PaymentEvent
from nama.payments.processing.orders import is_order_id
from nama.payments.providers.base import ProviderError, Verified
from nama.payments.services import recheck_due_payments, start_payment
from nama.payments.tests.payment_fakes import FakeGateway, callback, issued_bill, use_fake_gateway

pytestmark = pytest.mark.django_db
CALLBACK_URL = "https://nama.test/payments/callback/fake/"


@pytest.fixture
def gateway(settings: object) -> FakeGateway:
    return use_fake_gateway(settings)


def _start(bill: Bill, **kwargs: object) -> Payment:
    payment, _ = start_payment(bill=bill, actor=bill.payer, callback_url=CALLBACK_URL, **kwargs)  # type: ignore[arg-type]
    return payment


def test_a_bill_is_paid_through_the_gateway(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    payment, redirect = start_payment(
        bill=bill, actor=bill.payer, callback_url=CALLBACK_URL, return_url="/bills/"
    )
    assert (payment.provider, payment.status, payment.amount) == ("fake", "pending", bill.amount)
    assert (redirect.method, redirect.fields) == ("POST", {"Token": payment.token})
    assert is_order_id(payment.order_id)
    assert payment.return_url == "/bills/"

    assert callback(payment) == payment

    payment.refresh_from_db()
    bill.refresh_from_db()
    receipt = Receipt.objects.get(bill=bill)
    assert (payment.status, bill.status) == (PaymentStatus.PAID, BillStatus.PAID)
    assert (receipt.payment, receipt.source, receipt.amount) == (payment, "gateway", bill.amount)
    assert (payment.ref_num, payment.trace_no, payment.rrn) == (
        f"ref-{payment.token}",
        "123456",
        "778899001122",
    )
    steps = list(payment.events.values_list("kind", "status_before", "status_after"))
    assert steps == [
        (EventKind.TOKEN, "created", "pending"),
        (EventKind.CALLBACK, "pending", "verifying"),
        (EventKind.VERIFY, "verifying", "paid"),
    ]
    verify_raw = payment.events.get(kind=EventKind.VERIFY).raw
    assert "secret-merchant-value" not in verify_raw
    assert '"merchant_id": "***"' in verify_raw
    assert receipt.source == ReceiptSource.GATEWAY
    assert check_ledger() == []


def test_order_numbers_are_unguessable_and_distinct(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    orders = {_start(bill).order_id for _ in range(5)}
    assert len(orders) == 5
    assert all(is_order_id(order) and len(order) <= 30 for order in orders)


@pytest.mark.parametrize("bill_status", [BillStatus.PAID, BillStatus.VOID])
def test_only_the_payer_starts_paying_an_issued_bill(
    gateway: FakeGateway, bill_status: BillStatus
) -> None:
    bill = issued_bill(make_user())
    with pytest.raises(ForbiddenError):
        start_payment(bill=bill, actor=make_user(), callback_url=CALLBACK_URL)
    Bill.objects.filter(pk=bill.pk).update(status=bill_status)
    bill.refresh_from_db()
    with pytest.raises(ConflictError):
        _start(bill)
    assert not Payment.objects.exists()
    assert gateway.calls == []


def test_a_gateway_not_enabled_or_a_bad_return_path_is_refused(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    with pytest.raises(ApiError) as refused:
        _start(bill, provider_code="zarinpal")
    assert refused.value.code == "unknown_provider"
    with pytest.raises(Exception, match="نشانی بازگشت"):
        _start(bill, return_url="https://evil.example/")
    assert not Payment.objects.exists()


def test_no_token_ends_the_payment_and_says_so(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    gateway.start_error = ProviderError("خطای ۵۰۰ درگاه", raw="<html>500</html>")
    with pytest.raises(ApiError) as refused:
        _start(bill)
    assert (refused.value.status, refused.value.code) == (502, "gateway_unavailable")
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED
    assert "درگاه بانک" in payment.failure
    assert payment.events.get().raw == "<html>500</html>"
    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED


def test_a_cancel_at_the_gateway_fails_the_payment_and_the_bill_stays_open(
    gateway: FakeGateway,
) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    assert callback(payment, ok=False) == payment
    payment.refresh_from_db()
    bill.refresh_from_db()
    assert (payment.status, payment.failure) == (PaymentStatus.FAILED, "پرداخت‌کننده انصراف داد.")
    assert bill.status == BillStatus.ISSUED
    assert gateway.count("verify") == 0
    # The payer tries again, and pays.
    again = _start(bill)
    callback(again)
    again.refresh_from_db()
    assert again.status == PaymentStatus.PAID


def test_the_bank_refusing_verify_fails_the_payment(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    gateway.verify_answers.append(
        Verified(ok=False, amount=0, raw='{"ResultCode": -2}', message="تراکنش پیدا نشد.")
    )
    callback(payment)
    payment.refresh_from_db()
    assert (payment.status, payment.failure) == (PaymentStatus.FAILED, "تراکنش پیدا نشد.")
    assert not Receipt.objects.exists()


def test_a_payer_who_never_returns_is_asked_about_then_expires(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    paid_meanwhile, gone, no_token = _start(bill), _start(bill), _start(bill)
    Payment.objects.filter(pk=no_token.pk).update(status=PaymentStatus.CREATED, token="")
    gateway.verify_answers += [
        Verified(ok=True, amount=bill.amount, raw="{}", ref_num="R1"),
        Verified(ok=False, amount=0, raw="{}", message="تراکنش پیدا نشد."),
    ]
    assert recheck_due_payments() == 0  # not 20 minutes yet
    assert recheck_due_payments(timezone.now() + timedelta(minutes=21)) == 3

    statuses = dict(Payment.objects.values_list("pk", "status"))
    assert statuses == {
        paid_meanwhile.pk: PaymentStatus.PAID,
        gone.pk: PaymentStatus.FAILED,
        no_token.pk: PaymentStatus.FAILED,
    }
    assert "منقضی" in Payment.objects.get(pk=gone.pk).failure
    assert PaymentEvent.objects.filter(payment=gone, kind=EventKind.INQUIRY).exists()
    assert check_ledger() == []
