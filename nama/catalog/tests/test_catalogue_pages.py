"""The public catalogue pages: every service, Persian search, a service's facts, the brochure."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nama.catalog.files import SyncReport

pytestmark = pytest.mark.django_db


def _text(response: HttpResponseBase) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def test_the_catalogue_lists_all_34_services(client: Client, catalog: SyncReport) -> None:
    response = client.get("/services/")
    assert response.status_code == 200
    text = _text(response)
    assert "۳۴ خدمت" in text
    assert "پروانه ساختمان (احداث بنا)" in text
    assert text.count('class="service-item"') == 34


def test_the_list_costs_a_constant_number_of_queries(client: Client, catalog: SyncReport) -> None:
    client.get("/services/")
    with CaptureQueriesContext(connection) as all_services:
        client.get("/services/")
    with CaptureQueriesContext(connection) as one_category:
        client.get("/services/?category=inquiries")
    assert len(all_services) == len(one_category) <= 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("پروانه ساختمان", "D15"),
        ("پروانه ساختمان".replace("ی", "ي").replace("ک", "ك"), "D15"),  # Arabic letters
        ("d۱۵", "D15"),
        ("استعلام بانك", "C11"),
        ("پایانکار", "E28"),  # written without the ZWNJ of پایان‌کار
    ],
)
def test_search_understands_how_people_type(
    client: Client, catalog: SyncReport, query: str, expected: str
) -> None:
    text = _text(client.get("/services/", {"q": query}))
    assert f">{expected}</bdi>" in text


def test_htmx_gets_only_the_results(client: Client, catalog: SyncReport) -> None:
    response = client.get("/services/", {"q": "استعلام"}, HTTP_HX_REQUEST="true")
    text = _text(response)
    assert "<html" not in text
    assert text.count('class="service-item"') == 3
    assert "HX-Request" in response["Vary"]


def test_nothing_found_says_what_to_do(client: Client, catalog: SyncReport) -> None:
    text = _text(client.get("/services/", {"q": "زیردریایی"}))
    assert "پیدا نشد" in text
    assert "همهٔ خدمات را ببینید" in text


def test_an_unknown_category_is_ignored(client: Client, catalog: SyncReport) -> None:
    assert _text(client.get("/services/?category=rockets")).count('class="service-item"') == 34


def test_a_service_page_explains_the_service(client: Client, catalog: SyncReport) -> None:
    text = _text(client.get("/services/D15/"))
    for expected in (
        "پروانه ساختمان (احداث بنا)",
        "چه کسی می‌تواند درخواست دهد",
        "سند مالکیت",  # a document
        "مراحل رسیدگی",
        "امضای مدیر منطقه",  # a step
        "عوارض زیربنای مسکونی",  # a fee line explained
        "منطقه ۷",  # where it is offered
        "۳۰ روز کاری",
    ):
        assert expected in text, expected


def test_a_self_service_page_links_to_the_service_when_it_exists(
    client: Client, catalog: SyncReport
) -> None:
    assert 'href="/accounts/register/"' in _text(client.get("/services/A1/"))
    assert 'href="/bills/duties/vehicles/"' in _text(client.get("/services/G34/"))


def test_services_are_found_by_slug_and_unknown_codes_are_404(
    client: Client, catalog: SyncReport
) -> None:
    assert client.get("/services/building_permit/").status_code == 200
    assert client.get("/services/Z99/").status_code == 404


def test_the_brochure_lists_every_service_by_group(client: Client, catalog: SyncReport) -> None:
    text = _text(client.get("/services/brochure/"))
    assert text.count("<h3>") == 34
    assert "استعلام‌ها" in text
    assert "data-print" in text
