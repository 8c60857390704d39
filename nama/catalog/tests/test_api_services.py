"""GET /api/v1/services and /api/v1/services/{code}: the catalogue for apps."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nama.catalog.files import SyncReport
from nama.core.problems import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db

SUMMARY_KEYS = {
    "code",
    "slug",
    "version",
    "title",
    "description",
    "category",
    "kind",
    "applicants",
    "subjects",
    "channels",
    "sla_working_days",
    "entry_url",
    "districts",
}


def test_the_list_has_every_service_in_order(catalog: SyncReport, client: Client) -> None:
    response = client.get("/api/v1/services")

    assert response.status_code == 200
    services = response.json()
    assert [s["code"] for s in services][:3] == ["A1", "A2", "A3"]
    assert len(services) == 34
    d15 = next(s for s in services if s["code"] == "D15")
    assert set(d15) == SUMMARY_KEYS
    assert d15["category"] == {"value": "permits", "label": "پروانه و مجوزهای ساختمانی"}
    assert d15["kind"]["value"] == "request"
    assert [a["value"] for a in d15["applicants"]] == ["owner", "representative"]
    assert d15["sla_working_days"] == 30
    assert [d["number"] for d in d15["districts"]] == [6, 7, 8, 12]
    assert d15["districts"][0] == {"code": "d6", "number": 6, "name": "منطقه ۶"}


def test_the_list_searches_and_filters(catalog: SyncReport, client: Client) -> None:
    found = client.get("/api/v1/services", {"q": "استعلام بانك"}).json()
    assert [s["code"] for s in found] == ["C11"]
    duties = client.get("/api/v1/services", {"category": "duties"}).json()
    assert [s["code"] for s in duties] == ["G32", "G33", "G34"]


def test_an_unknown_category_is_a_validation_problem(catalog: SyncReport, client: Client) -> None:
    response = client.get("/api/v1/services", {"category": "sweets"})

    assert response.status_code == 422
    assert response.json()["errors"]["category"]


def test_the_detail_has_everything_needed_to_apply(catalog: SyncReport, client: Client) -> None:
    response = client.get("/api/v1/services/d15")

    assert response.status_code == 200
    service = response.json()
    assert set(service) == SUMMARY_KEYS | {"workflow", "steps", "documents", "form", "fees"}
    assert service["workflow"] == "construction_permit"
    assert service["steps"][0] == {
        "code": "document_check",
        "label": "بررسی مدارک در پیشخوان",
        "citizen_label": "در حال بررسی مدارک",
        "role": "desk_clerk",
        "role_label": "کارمند پیشخوان شهرسازی",
        "deadline_days": 2,
        "by_applicant": False,
        "final": False,
    }
    attorney = next(d for d in service["documents"] if d["type"] == "power_of_attorney")
    assert attorney["title"] == "وکالت‌نامه رسمی"
    assert attorney["applies_to"] == ["representative"]
    floors = next(f for f in service["form"] if f["name"] == "floors")
    assert (floors["type"], floors["min"], floors["max"], floors["choices"]) == (
        "number",
        1,
        12,
        None,
    )
    use = next(f for f in service["form"] if f["name"] == "use")
    assert use["choices"][0] == {"value": "residential", "label": "مسکونی"}
    assert {"value": "vat", "label": "مالیات بر ارزش افزوده"} in service["fees"]


def test_a_self_service_detail_names_its_page(catalog: SyncReport, client: Client) -> None:
    service = client.get("/api/v1/services/A1").json()

    assert service["kind"]["value"] == "self_service"
    assert service["entry_url"] == "/accounts/register/"
    assert (service["workflow"], service["steps"], service["documents"]) == (None, [], [])
    assert service["sla_working_days"] is None


def test_an_unknown_code_is_a_404_problem(catalog: SyncReport, client: Client) -> None:
    response = client.get("/api/v1/services/Z9")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert (body["code"], body["detail"]) == ("service_not_found", "خدمتی با کد «Z9» پیدا نشد.")


def test_list_and_detail_cost_two_queries(
    catalog: SyncReport, client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        client.get("/api/v1/services")
    with django_assert_num_queries(2):
        client.get("/api/v1/services/D15")


def test_the_operations_are_documented(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    listing = paths["/api/v1/services"]["get"]
    detail = paths["/api/v1/services/{code}"]["get"]
    for operation in (listing, detail):
        assert operation["summary"]
        assert operation["description"]
        assert "security" not in operation
    assert "404" in detail["responses"]
    assert "422" in listing["responses"]
