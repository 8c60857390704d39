"""The public home page, rendered by the test client (the browser smoke test drives a real one)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries

from nama.core.testing.html import outline
from nama.districts.models import District

pytestmark = pytest.mark.django_db

ASCII_DIGIT = re.compile(r"[0-9]")


def test_home_page_is_persian_right_to_left(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    page = outline(response.content)
    assert page.first("html").attrs == {"lang": "fa", "dir": "rtl"}
    assert "اصفهان‌نما" in page.text
    assert "شهرداری اصفهان" in page.text


def test_home_page_has_labelled_landmarks_and_a_skip_link_first(client: Client) -> None:
    page = outline(client.get("/").content)

    assert page.landmarks() == {
        "header": "سربرگ اصفهان‌نما",
        "nav": "پیمایش اصلی",
        "main": "محتوای اصلی",
        "footer": "پانویس",
    }
    first_link = page.first("a")
    assert first_link.attrs["href"] == "#main"
    assert page.first("main").attrs["id"] == "main"
    assert [h1.tag for h1 in page.find_all("h1")] == ["h1"]


def test_home_page_lists_the_pilot_districts_from_the_data(client: Client) -> None:
    District.objects.filter(number=12).update(is_pilot=False)
    District.objects.filter(number=3).update(is_pilot=True)

    text = outline(client.get("/").content).text

    assert [t for t in text if t.startswith("منطقه ")] == [
        "منطقه ۳",
        "منطقه ۶",
        "منطقه ۷",
        "منطقه ۸",
    ]


@pytest.mark.usefixtures("catalog")
def test_home_page_writes_numbers_in_persian_digits(client: Client) -> None:
    page = outline(client.get("/").content)

    assert [t for t in page.rtl_text if ASCII_DIGIT.search(t)] == []
    assert any("۳۴" in t for t in page.text)


@pytest.mark.usefixtures("catalog")
def test_home_page_offers_the_published_services_and_a_start_link(client: Client) -> None:
    page = outline(client.get("/").content)

    for group in ("استعلام‌ها", "پروانه و مجوزهای ساختمانی", "نظارت و گواهی‌های ساخت", "عوارض"):
        assert group in page.text
    service_links = {a.attrs["href"] for a in page.find_all("a")}
    assert "/services/C11/" in service_links
    start_links = [a for a in page.find_all("a") if "btn-start" in a.attrs.get("class", "")]
    assert {a.attrs["href"] for a in start_links} == {settings.LOGIN_URL}


def test_home_page_answers_only_get_and_head(client: Client) -> None:
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405


@pytest.mark.usefixtures("catalog")
def test_home_page_reads_districts_and_services_in_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # The districts (1); the services with their versions and workflows, and where they are
    # offered (2) — whatever the number of services.
    with django_assert_num_queries(3):
        client.get("/")


def test_home_page_uses_only_static_assets_and_no_inline_code(client: Client) -> None:
    page = outline(client.get("/").content)

    scripts = page.find_all("script")
    assert scripts
    assert all(s.attrs["src"].startswith(settings.STATIC_URL) for s in scripts)
    assert page.find_all("style") == []
    assert [e.tag for e in page.elements if "style" in e.attrs] == []
    assert [e.tag for e in page.elements if any(a.startswith("on") for a in e.attrs)] == []
    sheets = [
        link.attrs["href"] for link in page.find_all("link") if link.attrs["rel"] == "stylesheet"
    ]
    assert all(href.startswith(settings.STATIC_URL) for href in sheets)


def test_the_htmx_csrf_token_is_in_a_meta_tag(client: Client) -> None:
    response = client.get("/")

    metas = {
        m.attrs.get("name"): m.attrs.get("content")
        for m in outline(response.content).find_all("meta")
    }
    assert metas["csrf-token"]
    assert '"includeIndicatorStyles": false' in str(metas["htmx-config"])


def test_messages_are_announced_with_their_severity(rf: RequestFactory) -> None:
    request = rf.get("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    messages.error(request, "پرونده پیدا نشد.")
    messages.success(request, "درخواست ثبت شد.")

    page = outline(render_to_string("base.html", request=request))

    alerts = [e.attrs for e in page.elements if "alert" in e.attrs.get("class", "").split()]
    assert [(a["class"], a["role"]) for a in alerts] == [
        ("alert alert-danger", "alert"),
        ("alert alert-success", "status"),
    ]
    assert "خطا:" in page.text
    assert "پرونده پیدا نشد." in page.text
