"""The citizen's bills pages: the list, a bill's slip, the receipt (and its PDF), and the
yearly duties pages that issue a statement's bills."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus, Purpose
from nama.billing.models import Assessment, Bill
from nama.billing.services.bills import void_bill
from nama.billing.tests.builders import a_shop, a_vehicle
from nama.billing.tests.test_pages_helpers import fa, issued, paid, property_bill
from nama.core.identifiers import barcode
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_list_shows_open_bills_first_grouped_by_subject(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    owner = make_user()
    parcel, open_bill = property_bill(owner)
    settled = paid(issued(owner, parcel=parcel))
    voided = void_bill(bill=issued(owner, parcel=parcel), actor=None, reason="اشتباه در مساحت")
    car = issued(owner, vehicle=a_vehicle(owner))
    issued(make_user())  # someone else's
    client.force_login(owner)

    with django_assert_max_num_queries(14):
        page = _text(client.get("/bills/"))

    open_at, paid_at, void_at = (
        page.index('id="section-open"'),
        page.index('id="section-paid"'),
        page.index('id="section-closed"'),
    )
    assert open_at < paid_at < void_at
    assert page.index(fa(open_bill.bill_number)) < paid_at
    assert page.index(fa(car.bill_number)) < paid_at
    assert paid_at < page.index(reverse("billing:receipt", args=[settled.pk])) < void_at
    assert void_at < page.index(fa(voided.bill_number))
    assert f"ملک {fa(parcel.renewal_code)}" in page
    assert "خودرو ۱۲ ب ۳۴۵ ایران ۱۳" in page
    assert page.count('<li class="case-card') == 4


def test_the_slip_shows_ids_barcode_lines_and_the_pay_button(client: Client) -> None:
    owner = make_user()
    _parcel, bill = property_bill(owner)
    Payment.objects.create(
        bill=bill,
        payer=owner,
        provider="sandbox",
        order_id="N-1",
        amount=bill.amount,
        status=PaymentStatus.CANCELLED,
        failure="انصراف پرداخت‌کننده",
    )
    client.force_login(owner)

    page = _text(client.get(f"/bills/{bill.pk}/"))

    assert fa(bill.bill_number) in page
    assert fa(bill.payment_number) in page
    assert barcode(bill.bill_number or "", bill.payment_number) in page
    assert "۱۲٬۵۰۰٬۰۰۰ ریال" in page
    assert "ردیف آزمایشی ۱" in page
    assert f'action="{reverse("payments:pay", args=[bill.pk])}"' in page
    assert "انصراف پرداخت‌کننده" in page
    assert PaymentStatus.CANCELLED.label in page


def test_a_paid_bill_has_a_receipt_page_and_pdf_and_no_pay_button(client: Client) -> None:
    owner = make_user()
    _parcel, bill = property_bill(owner)
    client.force_login(owner)
    assert client.get(f"/bills/{bill.pk}/receipt/").status_code == 404
    paid(bill, reference="TRACE-9911")

    slip = _text(client.get(f"/bills/{bill.pk}/"))
    receipt = _text(client.get(f"/bills/{bill.pk}/receipt/"))
    pdf = client.get(f"/bills/{bill.pk}/receipt/pdf/")

    assert reverse("payments:pay", args=[bill.pk]) not in slip
    assert "TRACE-۹۹۱۱" in receipt
    assert "فایل تسویه بانک" in receipt
    assert "۱۲٬۵۰۰٬۰۰۰ ریال" in receipt
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 5000


def test_paying_the_renewal_duty_issues_the_statement_once(client: Client, tariffs: None) -> None:
    owner = make_user()
    parcel, _old = property_bill(owner)
    Bill.objects.update(status=BillStatus.VOID)  # only the duty's own bills below
    client.force_login(owner)

    page = _text(client.get("/bills/duties/renewal/"))
    assert fa(parcel.renewal_code) in page
    assert "۱۴۰۳، ۱۴۰۴، ۱۴۰۵" in page
    assert "تخفیف خوش‌حسابی ۱۰٪" in page

    first = client.post("/bills/duties/renewal/", {"subject": fa(parcel.pk)})
    bills = list(
        Bill.objects.filter(purpose=Purpose.RENEWAL_DUTY, status=BillStatus.ISSUED).order_by("pk")
    )
    again = client.post("/bills/duties/renewal/", {"subject": str(parcel.pk)})

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("billing:bill", args=[bills[0].pk])
    assert bills
    assert all(bill.parcel_id == parcel.pk for bill in bills)
    assert Bill.objects.filter(purpose=Purpose.RENEWAL_DUTY).count() == len(bills)
    assert Assessment.objects.filter(purpose=Purpose.RENEWAL_DUTY).count() == 1


def test_business_and_vehicle_duties_list_and_issue_for_own_subjects(
    client: Client, tariffs: None
) -> None:
    owner = make_user()
    shop = a_shop(owner)
    car = a_vehicle(owner)
    client.force_login(owner)

    assert "سوپرمارکت نمونه" in _text(client.get("/bills/duties/business/"))
    assert "۱۲ ب ۳۴۵ ایران ۱۳" in _text(client.get("/bills/duties/vehicles/"))
    shop_response = client.post("/bills/duties/business/", {"subject": shop.pk})
    car_response = client.post("/bills/duties/vehicles/", {"subject": car.pk})

    shop_bill = Bill.objects.get(purpose=Purpose.BUSINESS_DUTY)
    car_bill = Bill.objects.get(purpose=Purpose.VEHICLE_DUTY)
    assert shop_response["Location"] == reverse("billing:bill", args=[shop_bill.pk])
    assert car_response["Location"] == reverse("billing:bill", args=[car_bill.pk])
    assert (shop_bill.unit_id, car_bill.vehicle_id) == (shop.pk, car.pk)


def test_someone_elses_subject_is_not_found_and_nothing_is_issued(
    client: Client, tariffs: None
) -> None:
    owner, stranger = make_user(), make_user()
    parcel, _bill = property_bill(owner)
    car = a_vehicle(owner)
    client.force_login(stranger)

    assert client.post("/bills/duties/renewal/", {"subject": parcel.pk}).status_code == 404
    assert client.post("/bills/duties/vehicles/", {"subject": car.pk}).status_code == 404
    assert client.post("/bills/duties/vehicles/", {"subject": "x"}).status_code == 404
    assert Bill.objects.count() == 1
    assert not Assessment.objects.exclude(purpose=Purpose.PERMIT_FEES).exists()


def test_signing_in_is_required(client: Client) -> None:
    bill = issued(make_user())
    for path in [
        "/bills/",
        f"/bills/{bill.pk}/",
        "/bills/duties/renewal/",
        "/bills/duties/vehicles/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
