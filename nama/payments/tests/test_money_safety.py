"""A bill is paid at most once whatever arrives: repeated, replayed, late, out-of-order,
unknown or altered callbacks, a bank that does not answer, a second payment of a paid bill
(refunded through the provider, retried when the reverse fails), callbacks racing in threads."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus, RefundStatus
from nama.billing.models import Bill, Receipt, Refund
from nama.billing.services.bills import void_bill
from nama.billing.services.ledger import check_ledger
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment, PaymentEvent
from nama.payments.providers.base import (
    ProviderError,
    ProviderTimeoutError,
    Reversed,
    Verified,
)
from nama.payments.services import handle_callback, recheck_due_payments, start_payment
from nama.payments.tests.payment_fakes import FakeGateway, callback, issued_bill, use_fake_gateway

CALLBACK_URL = "https://nama.test/payments/callback/fake/"
LATER = timedelta(minutes=61)


@pytest.fixture
def gateway(settings: object) -> FakeGateway:
    return use_fake_gateway(settings)


def _start(bill: Bill) -> Payment:
    return start_payment(bill=bill, actor=bill.payer, callback_url=CALLBACK_URL)[0]


def _snapshot(payment: Payment) -> tuple[object, ...]:
    payment.refresh_from_db()
    return (payment.status, payment.verify_attempts, payment.ref_num, Receipt.objects.count())


@pytest.mark.django_db
def test_repeated_and_replayed_success_callbacks_pay_once(gateway: FakeGateway) -> None:
    payment = _start(issued_bill(make_user()))
    for _ in range(3):
        assert callback(payment) == payment
    callback(payment, ref="someone-elses-ref")  # a replay with other numbers, after paid
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.ref_num == f"ref-{payment.token}"
    assert gateway.count("verify") == 1
    assert Receipt.objects.count() == 1
    notes = payment.events.filter(kind=EventKind.CALLBACK, status_before="paid")
    assert notes.count() == 3
    assert set(notes.values_list("status_after", flat=True)) == {"paid"}


@pytest.mark.django_db
def test_a_failure_arriving_after_the_success_changes_nothing(gateway: FakeGateway) -> None:
    payment = _start(issued_bill(make_user()))
    callback(payment)
    before = _snapshot(payment)
    callback(payment, ok=False)
    assert _snapshot(payment) == before
    assert payment.status == PaymentStatus.PAID
    late = payment.events.last()
    assert late is not None
    assert (late.kind, late.status_after) == (EventKind.CALLBACK, "paid")


@pytest.mark.django_db
def test_unknown_tokens_gateways_and_malformed_callbacks_are_refused(
    gateway: FakeGateway,
) -> None:
    payment = _start(issued_bill(make_user()))
    refused = [
        ("fake", {"token": "tok-nobody", "status": "OK"}),
        ("fake", {"token": payment.token, "order": "0" * 20, "status": "OK"}),  # not its order
        ("fake", {"status": "OK"}),  # malformed: no token
        ("mellat", {"token": payment.token, "status": "OK"}),  # a gateway not enabled
    ]
    for code, data in refused:
        assert handle_callback(provider_code=code, data=data, remote_addr="198.51.100.9") is None
    assert _snapshot(payment) == (PaymentStatus.PENDING, 0, "", 0)
    events = PaymentEvent.objects.filter(kind=EventKind.REFUSED)
    assert events.count() == 4
    assert events.filter(payment=None).count() == 3
    assert set(events.values_list("remote_addr", flat=True)) == {"198.51.100.9"}
    assert gateway.count("verify") == 0


@pytest.mark.django_db
def test_an_altered_amount_is_refused_and_the_real_callback_still_pays(
    gateway: FakeGateway,
) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    assert callback(payment, amount=bill.amount - 1_000) is None
    assert _snapshot(payment) == (PaymentStatus.PENDING, 0, "", 0)
    refused = payment.events.get(kind=EventKind.REFUSED)
    assert (refused.status_before, refused.status_after) == ("pending", "pending")
    assert callback(payment, amount=bill.amount) == payment
    assert _snapshot(payment)[0] == PaymentStatus.PAID


@pytest.mark.django_db
def test_a_verify_timeout_is_retried_with_backoff_then_left_for_the_bank_file(
    gateway: FakeGateway, settings: object
) -> None:
    settings.NAMA_PAYMENT_VERIFY_ATTEMPTS = 3  # type: ignore[attr-defined]
    first = _start(issued_bill(make_user()))
    gateway.verify_answers += [
        ProviderTimeoutError("مهلت پاسخ بانک گذشت.", raw=""),
        ProviderError("پایانهٔ پذیرنده نزد بانک غیرفعال است.", raw='{"ResultCode": -104}'),
    ]
    callback(first)
    first.refresh_from_db()
    assert first.status == PaymentStatus.UNVERIFIED
    assert first.next_verify_at is not None
    assert "لازم نیست دوباره پرداخت کنید" in first.failure
    assert recheck_due_payments() == 0  # not due yet
    assert recheck_due_payments(timezone.now() + LATER) == 1  # times out again
    assert recheck_due_payments(timezone.now() + LATER) == 1  # the bank answers
    assert _snapshot(first)[0] == PaymentStatus.PAID

    second = _start(issued_bill(make_user()))
    gateway.verify_answers += [ProviderTimeoutError("مهلت پاسخ بانک گذشت.", raw="")] * 3
    callback(second)
    recheck_due_payments(timezone.now() + LATER)
    recheck_due_payments(timezone.now() + 2 * LATER)
    second.refresh_from_db()
    assert (second.status, second.verify_attempts, second.next_verify_at) == (
        PaymentStatus.UNVERIFIED,
        3,
        None,
    )
    assert "فایل تسویه" in second.failure
    assert recheck_due_payments(timezone.now() + 10 * LATER) == 0


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_process_is_taken_up_again(gateway: FakeGateway) -> None:
    payment = _start(issued_bill(make_user()))
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.VERIFYING)
    assert recheck_due_payments() == 0
    assert recheck_due_payments(timezone.now() + timedelta(minutes=6)) == 1
    assert _snapshot(payment)[0] == PaymentStatus.PAID


@pytest.mark.django_db
def test_a_payment_whose_recheck_breaks_does_not_hold_up_the_others(
    gateway: FakeGateway,
) -> None:
    broken, fine = _start(issued_bill(make_user())), _start(issued_bill(make_user()))
    Payment.objects.update(status=PaymentStatus.UNVERIFIED, next_verify_at=timezone.now())
    gateway.verify_answers.append(RuntimeError("a bug in a provider"))
    assert recheck_due_payments(timezone.now() + timedelta(minutes=1)) == 2
    assert _snapshot(broken)[0] == PaymentStatus.VERIFYING  # reclaimed after 5 minutes
    assert _snapshot(fine)[0] == PaymentStatus.PAID


@pytest.mark.django_db
def test_a_confirmed_amount_other_than_the_bills_is_reversed(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    gateway.verify_answers.append(Verified(ok=True, amount=bill.amount - 1_000, raw="{}"))
    callback(payment)
    payment.refresh_from_db()
    bill.refresh_from_db()
    assert (payment.status, bill.status) == (PaymentStatus.FAILED, BillStatus.ISSUED)
    assert gateway.count("reverse") == 1
    assert not Receipt.objects.exists()


@pytest.mark.django_db
def test_a_second_payment_of_a_paid_bill_is_reversed_and_recorded(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    first, second = _start(bill), _start(bill)
    callback(first)
    callback(second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    refund = Refund.objects.get()
    assert (refund.payment, refund.status, refund.amount) == (
        second,
        RefundStatus.DONE,
        bill.amount,
    )
    assert Receipt.objects.get().payment == first
    assert ("reverse", second.token) in gateway.calls
    steps = list(second.events.values_list("status_before", "status_after"))
    assert steps[-2:] == [("verifying", "duplicate"), ("duplicate", "refunded")]
    assert check_ledger() == []


@pytest.mark.django_db
def test_a_bill_voided_while_its_payer_was_at_the_bank_is_refunded(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    void_bill(bill=bill, actor=None, reason="اصلاح مساحت")
    callback(payment)
    assert _snapshot(payment)[0] == PaymentStatus.REFUNDED
    assert Refund.objects.get().status == RefundStatus.DONE
    assert check_ledger() == []


@pytest.mark.django_db
def test_a_failed_refund_is_retried_until_the_bank_reverses(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    first, second = _start(bill), _start(bill)
    callback(first)
    gateway.reverse_answers += [
        Reversed(ok=False, raw='{"ResultCode": -104}', message="پایانه غیرفعال است."),
        ProviderTimeoutError("مهلت پاسخ بانک گذشت.", raw=""),
    ]
    callback(second)
    second.refresh_from_db()
    refund = Refund.objects.get()
    assert (second.status, refund.status, refund.attempts) == ("duplicate", "failed", 1)
    assert recheck_due_payments() == 0  # backoff
    assert recheck_due_payments(timezone.now() + LATER) == 1
    assert (Refund.objects.get().status, _snapshot(second)[0]) == ("failed", "duplicate")
    assert recheck_due_payments(timezone.now() + LATER) == 1
    refund.refresh_from_db()
    assert (refund.status, _snapshot(second)[0]) == (RefundStatus.DONE, PaymentStatus.REFUNDED)
    assert gateway.count("reverse") == 3
    assert check_ledger() == []


@pytest.mark.django_db
def test_one_bank_transaction_pays_one_payment(gateway: FakeGateway) -> None:
    """A forged callback naming another payment's bank transaction (RefNum) for a second
    bill: the bank confirms that transaction, but it was spent already."""
    paid, other = _start(issued_bill(make_user())), _start(issued_bill(make_user()))
    callback(paid)
    callback(other, ref=f"ref-{paid.token}")
    other.refresh_from_db()
    assert other.status == PaymentStatus.FAILED
    assert Receipt.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_success_callback_eight_times_at_once_pays_once(gateway: FakeGateway) -> None:
    bill = issued_bill(make_user())
    payment = _start(bill)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait()
            callback(payment)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _snapshot(payment)[0] == PaymentStatus.PAID
    assert Receipt.objects.filter(bill=bill).count() == 1
    assert gateway.count("verify") == 1
    assert payment.events.filter(status_before="pending", status_after="verifying").count() == 1
    assert payment.events.filter(kind=EventKind.CALLBACK).count() == 8
    assert check_ledger() == []
