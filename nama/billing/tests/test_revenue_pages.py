"""The revenue desk's pages: bills with filters and search, a bill with its payments' raw
messages, void & reissue, refund, payments and refunds lists, bank files and the ledger."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus, RefundKind, RefundStatus
from nama.billing.models import BankImport, Bill, Refund
from nama.billing.tests.test_pages_helpers import (
    fa,
    issued,
    paid,
    property_bill,
    signed_in_staff,
    state,
)
from nama.core.identifiers import make_bill_id, make_payment_id
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment, PaymentEvent

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _payment(bill: Bill, order_id: str, status: PaymentStatus) -> Payment:
    return Payment.objects.create(
        bill=bill,
        payer=bill.payer,
        provider="sandbox",
        order_id=order_id,
        amount=bill.amount,
        status=status,
    )


def test_bills_are_found_by_ids_in_any_digits_and_filtered(client: Client) -> None:
    owner = make_user()
    parcel, mine = property_bill(owner)
    settled = paid(issued(owner, parcel=parcel))
    Bill.objects.filter(pk=mine.pk).update(due_on=mine.due_on - timedelta(days=60))
    _elsewhere, other_district = property_bill(make_user(), code="6-1-1-5-0-0-0")
    signed_in_staff(client)

    def listed(**query: str) -> str:
        return _text(client.get("/revenue/", query))

    everything = listed()
    assert fa(mine.bill_number) in everything
    assert fa(other_district.bill_number) not in everything
    by_id = listed(q=fa(mine.bill_number))
    assert fa(mine.bill_number) in by_id
    assert fa(settled.bill_number) not in by_id
    assert fa(settled.bill_number) in listed(q=f"٠٠{settled.payment_number}")
    assert "۲ قبض" in listed(q=owner.national_id or "")
    assert fa(mine.bill_number) not in listed(status=BillStatus.PAID)
    overdue = listed(overdue="on")
    assert fa(mine.bill_number) in overdue
    assert fa(settled.bill_number) not in overdue
    partial = client.get("/revenue/", {"q": mine.bill_number or ""}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_the_bill_page_shows_payments_with_raw_messages_and_actions(client: Client) -> None:
    owner = make_user()
    _parcel, bill = property_bill(owner)
    payment = _payment(bill, "N-100", PaymentStatus.FAILED)
    PaymentEvent.objects.create(
        payment=payment,
        provider="sandbox",
        kind=EventKind.CALLBACK,
        status_before="pending",
        status_after="failed",
        raw='{"State": "CanceledByUser", "ResNum": "N-100"}',
    )
    signed_in_staff(client)

    page = _text(client.get(f"/revenue/bills/{bill.pk}/"))

    assert "CanceledByUser" in page
    assert "<details" in page
    assert "N-100" in page
    assert "ابطال و صدور قبض تازه" in page
    assert "استرداد وجه قبض" not in page  # only a paid bill is refunded


def test_void_and_reissue_with_a_new_amount(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    signed_in_staff(client)
    before = state(bill)

    missing = client.post(f"/revenue/bills/{bill.pk}/reissue/", {"reissue-reason": " "})
    assert missing.status_code == 200
    assert "دلیل را بنویسید" in missing.content.decode()
    assert state(bill) == before

    done = client.post(
        f"/revenue/bills/{bill.pk}/reissue/",
        {"reissue-reason": "مساحت اصلاح شد", "reissue-amount": "۱۰٬۰۰۰٬۰۰۰"},
    )
    new = Bill.objects.get(replaces=bill)
    bill.refresh_from_db()

    assert done["Location"] == f"/revenue/bills/{new.pk}/"
    assert (bill.status, new.status, new.amount) == (BillStatus.VOID, BillStatus.ISSUED, 10_000_000)


def test_refunding_a_paid_bill(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    paid(bill)
    signed_in_staff(client)

    response = client.post(
        f"/revenue/bills/{bill.pk}/refund/",
        {"refund-reason": "پرداخت دوباره در بانک", "refund-reference": "۹۹۸۸۷۷"},
    )
    bill.refresh_from_db()
    refund = Refund.objects.get(bill=bill)

    assert response.status_code == 302
    assert bill.status == BillStatus.REFUNDED
    assert (refund.reference, refund.status) == ("998877", RefundStatus.DONE)


def test_payments_needing_a_look_and_failed_refunds_come_first(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    _payment(bill, "N-1", PaymentStatus.PAID)
    _payment(bill, "N-2", PaymentStatus.UNVERIFIED)
    duplicate = _payment(bill, "N-3", PaymentStatus.DUPLICATE)
    _payment(bill, "N-4", PaymentStatus.FAILED)
    Refund.objects.create(
        kind=RefundKind.DUPLICATE, bill=bill, amount=bill.amount, reason="برگشت موفق", status="done"
    )
    Refund.objects.create(
        kind=RefundKind.DUPLICATE,
        bill=bill,
        payment=duplicate,
        amount=bill.amount,
        reason="برگشت ناموفق",
        status=RefundStatus.FAILED,
        attempts=2,
    )
    signed_in_staff(client)

    payments = _text(client.get("/revenue/payments/"))
    refunds = _text(client.get("/revenue/refunds/"))
    failed_only = _text(client.get("/revenue/payments/", {"status": "failed"}))

    assert payments.index("N-2") < payments.index("N-3") < payments.index("N-1")
    assert refunds.index("برگشت ناموفق") < refunds.index("برگشت موفق")
    assert "N-4" in failed_only
    assert "N-1" not in failed_only


def test_importing_a_bank_file_reports_each_row(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    unknown = make_bill_id(99_999, 1)
    csv = (
        "bill_id,payment_id,amount,paid_at,trace\n"
        f"{bill.bill_number},{bill.payment_number},{bill.amount},1405/09/01 10:30,T-1\n"
        f"{unknown},{make_payment_id(unknown, 5000, 1405, 1)},5000,1405/09/01 10:30,T-2\n"
    ).encode()
    signed_in_staff(client, StaffRole.REVENUE_OFFICER, 7)

    def upload() -> Any:
        data = {"bank": "بانک ملت", "file": SimpleUploadedFile("mellat.csv", csv, "text/csv")}
        return client.post("/revenue/reconciliation/", data)

    first = upload()
    imported = BankImport.objects.get()
    report = _text(client.get(first["Location"]))
    second = upload()
    bill.refresh_from_db()

    assert first["Location"] == f"/revenue/reconciliation/{imported.pk}/"
    assert bill.status == BillStatus.PAID
    assert "قبض پرداخت‌شده ثبت شد" in report
    assert "شناسه ناشناخته" in report
    assert second.status_code == 200
    assert "پیش‌تر" in second.content.decode()
    assert BankImport.objects.count() == 1


def test_a_district_manager_sees_the_desk_but_not_the_bank_files(client: Client) -> None:
    signed_in_staff(client, StaffRole.DISTRICT_MANAGER, 7)

    assert "دفتر تراز است" in _text(client.get("/revenue/ledger/"))
    assert "تسویهٔ بانک" not in _text(client.get("/revenue/"))
    assert client.get("/revenue/reconciliation/").status_code == 404
