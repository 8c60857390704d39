"""The bills API (``/api/v1/bills``) and the revenue API (``/api/v1/staff/revenue``): answers,
refusals as problem+json, nothing changed on refusal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user, staff_member
from nama.billing.constants import BillStatus, Purpose
from nama.billing.models import Assessment, BankImport, Bill, Vehicle
from nama.billing.tests.builders import a_vehicle
from nama.billing.tests.test_pages_helpers import issued, paid, property_bill, state
from nama.core.identifiers import barcode

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _call(client: Client, user: Any, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(path, data, content_type=JSON, headers=bearer(api_token(user)))


def test_my_bills_their_slips_and_receipts(client: Client) -> None:
    owner = make_user()
    parcel, open_bill = property_bill(owner)
    settled = paid(issued(owner, parcel=parcel))
    theirs = issued(make_user())

    listed = _call(client, owner, "get", "/api/v1/bills").json()
    only_paid = _call(client, owner, "get", "/api/v1/bills?status=paid").json()
    slip = _call(client, owner, "get", f"/api/v1/bills/{open_bill.pk}").json()
    receipt = _call(client, owner, "get", f"/api/v1/bills/{settled.pk}/receipt").json()

    assert [item["id"] for item in listed["items"]] == [open_bill.pk, settled.pk]
    assert [item["id"] for item in only_paid["items"]] == [settled.pk]
    assert slip["barcode"] == barcode(open_bill.bill_number or "", open_bill.payment_number)
    assert slip["payable"] is True
    assert slip["subject"]["kind"] == "parcel"
    assert sum(line["amount"] for line in slip["lines"]) == slip["amount"]
    assert receipt["amount"] == settled.amount
    assert receipt["pdf_url"] == f"/bills/{settled.pk}/receipt/pdf/"
    assert_problem(_call(client, owner, "get", f"/api/v1/bills/{theirs.pk}"), 404, "not_found")
    unpaid = _call(client, owner, "get", f"/api/v1/bills/{open_bill.pk}/receipt")
    assert_problem(unpaid, 404, "no_receipt")
    assert_problem(
        _call(client, owner, "get", "/api/v1/bills?status=nope"), 422, "validation_error"
    )
    assert client.get("/api/v1/bills").status_code == 401


def test_duties_and_issuing_a_statement(client: Client, tariffs: None) -> None:
    owner = make_user()
    parcel, _bill = property_bill(owner)
    Bill.objects.update(status=BillStatus.VOID)

    duties = _call(client, owner, "get", "/api/v1/bills/duties").json()
    issued_now = _call(
        client, owner, "post", "/api/v1/bills/duties/renewal_duty/statement", {"parcel": parcel.pk}
    )
    again = _call(
        client, owner, "post", "/api/v1/bills/duties/renewal_duty/statement", {"parcel": parcel.pk}
    )

    (item,) = duties["items"]
    assert (item["kind"], item["id"], item["unpaid_years"]) == (
        "parcel",
        parcel.pk,
        [1403, 1404, 1405],
    )
    assert duties["terms"]["renewal_duty"]
    assert issued_now.status_code == again.status_code == 200
    assert issued_now.json()["bills"] == again.json()["bills"]
    assert all(bill["status"]["value"] == "issued" for bill in issued_now.json()["bills"])


def test_a_statement_is_refused_for_a_wrong_or_foreign_subject(
    client: Client, tariffs: None
) -> None:
    owner = make_user()
    parcel, _bill = property_bill(owner)
    stranger = make_user()
    path = "/api/v1/bills/duties/renewal_duty/statement"

    assert_problem(_call(client, owner, "post", path, {"vehicle": 1}), 422, "subject_invalid")
    assert_problem(_call(client, stranger, "post", path, {"parcel": parcel.pk}), 404, "not_found")
    bad = "/api/v1/bills/duties/permit_fees/statement"
    assert_problem(_call(client, owner, "post", bad, {"parcel": parcel.pk}), 404, "not_found")
    assert not Assessment.objects.filter(purpose=Purpose.RENEWAL_DUTY).exists()


def test_vehicles_are_added_listed_and_removed(client: Client) -> None:
    owner = make_user()
    body = {"plate": "۱۲ ب ۳۴۵ ایران ۱۳", "vehicle_class": "passenger", "model_year": "۱۳۹۸"}

    created = _call(client, owner, "post", "/api/v1/bills/vehicles", body)
    duplicate = _call(client, make_user(), "post", "/api/v1/bills/vehicles", body)
    listed = _call(client, owner, "get", "/api/v1/bills/vehicles").json()
    foreign = _call(client, make_user(), "delete", f"/api/v1/bills/vehicles/{created.json()['id']}")
    removed = _call(client, owner, "delete", f"/api/v1/bills/vehicles/{created.json()['id']}")

    assert created.status_code == 201
    assert created.json()["plate"] == "12ب345-13"
    problem = assert_problem(duplicate, 422, "validation_error")
    assert "plate" in problem["errors"]
    assert [vehicle["plate"] for vehicle in listed] == ["12ب345-13"]
    assert_problem(foreign, 404, "not_found")
    assert removed.status_code == 204
    assert not Vehicle.objects.filter(active=True).exists()


def test_the_revenue_api_for_an_officer_of_the_district(client: Client) -> None:
    owner = make_user()
    parcel, bill = property_bill(owner)
    settled = paid(issued(owner, parcel=parcel))
    a_vehicle(owner)
    officer = staff_member(StaffRole.REVENUE_OFFICER, 7)
    base = "/api/v1/staff/revenue"

    found = _call(client, officer, "get", f"{base}/bills?q={owner.national_id}&district=7").json()
    reissued = _call(
        client,
        officer,
        "post",
        f"{base}/bills/{bill.pk}/reissue",
        {"reason": "اصلاح", "amount": 9000000},
    )
    refunded = _call(
        client,
        officer,
        "post",
        f"{base}/bills/{settled.pk}/refund",
        {"reason": "اشتباه", "reference": "R-1"},
    )
    ledger = _call(client, officer, "get", f"{base}/ledger").json()

    assert found["count"] == 2
    assert reissued.json()["amount"] == 9_000_000
    assert reissued.json()["status"]["value"] == "issued"
    assert refunded.json()["status"]["value"] == "done"
    assert ledger["balanced"] is True
    assert ledger["problems"] == []


def test_the_revenue_api_refuses_everyone_else(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    before = state(bill)
    base = "/api/v1/staff/revenue"
    citizen = make_user()
    other_district = staff_member(StaffRole.REVENUE_OFFICER, 6)
    manager = staff_member(StaffRole.DISTRICT_MANAGER, 7)
    reissue = {"reason": "اصلاح"}

    assert_problem(_call(client, citizen, "get", f"{base}/bills"), 404, "not_found")
    assert_problem(_call(client, citizen, "get", f"{base}/ledger"), 404, "not_found")
    assert _call(client, other_district, "get", f"{base}/bills").json()["count"] == 0
    refused = _call(client, other_district, "post", f"{base}/bills/{bill.pk}/reissue", reissue)
    assert_problem(refused, 404, "not_found")
    forbidden = _call(client, manager, "post", f"{base}/bills/{bill.pk}/reissue", reissue)
    assert_problem(forbidden, 403, "not_allowed")
    assert state(bill) == before


def test_the_revenue_api_imports_a_bank_file(client: Client) -> None:
    _parcel, bill = property_bill(make_user())
    officer = staff_member(StaffRole.REVENUE_OFFICER, 7)
    line = f"{bill.bill_number},{bill.payment_number},{bill.amount},1405/09/01 10:30,T-9\n"
    data = ("bill_id,payment_id,amount,paid_at,trace\n" + line).encode()

    def upload(user: Any) -> Any:
        return client.post(
            "/api/v1/staff/revenue/reconciliation",
            {"bank": "بانک ملی", "file": SimpleUploadedFile("melli.csv", data, "text/csv")},
            headers=bearer(api_token(user)),
        )

    refused = upload(staff_member(StaffRole.DISTRICT_MANAGER, 7))
    imported = upload(officer)

    assert_problem(refused, 404, "not_found")
    assert imported.status_code == 201
    assert [row["outcome"]["value"] for row in imported.json()["rows"]] == ["matched"]
    assert imported.json()["received"] == bill.amount
    assert BankImport.objects.count() == 1


def test_every_bills_and_revenue_operation_is_documented(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    operations = [
        (path, method, operation)
        for path, methods in paths.items()
        if path.startswith(("/api/v1/bills", "/api/v1/staff/revenue"))
        for method, operation in methods.items()
    ]

    assert len(operations) == 16
    for path, method, operation in operations:
        assert operation["summary"], (method, path)
        assert operation["description"], (method, path)
        assert "401" in operation["responses"], (method, path)
