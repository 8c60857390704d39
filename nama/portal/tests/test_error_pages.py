"""Error pages: Persian, in the site layout, and the 500 page without a request context.

This module is also the URLconf of its tests (`pytest.mark.urls(__name__)`), so the real
handlers run on real exceptions.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import include, path
from pytest_django import Settings

from nama.core.testing.html import Outline, outline
from nama.portal import views


def _raise(exception: Exception) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        raise exception

    return view


urlpatterns = [
    path("bad/", _raise(BadRequest("bad"))),
    path("forbidden/", _raise(PermissionDenied("secret"))),
    path("missing/", _raise(Http404("gone"))),
    path("broken/", _raise(RuntimeError("boom"))),
    path("", include("nama.portal.urls")),
]
handler500 = "nama.portal.views.server_error"


def _assert_site_layout(page: Outline) -> None:
    assert page.first("html").attrs == {"lang": "fa", "dir": "rtl"}
    assert set(page.landmarks()) == {"header", "nav", "main", "footer"}
    assert page.first("a").attrs["href"] == "#main"
    assert "بازگشت به صفحهٔ اصلی اصفهان‌نما" in page.text


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/bad/", 400, "سامانه نتوانست این درخواست را بخواند"),
        ("/forbidden/", 403, "اجازهٔ دسترسی به این صفحه را ندارید"),
        ("/missing/", 404, "صفحه پیدا نشد"),
        ("/no-such-page/", 404, "صفحه پیدا نشد"),
        ("/broken/", 500, "متأسفیم، مشکلی در سامانه پیش آمد"),
    ],
    ids=["400", "403", "404-raised", "404-unrouted", "500"],
)
def test_error_pages_explain_in_persian(url: str, status: int, heading: str) -> None:
    client = Client(raise_request_exception=False)

    response = client.get(url)

    assert response.status_code == status
    page = outline(response.content)
    _assert_site_layout(page)
    assert heading in page.text
    assert "secret" not in page.text
    assert "boom" not in page.text


def test_the_real_urlconf_answers_unknown_paths_with_the_persian_404(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "صفحه پیدا نشد" in outline(response.content).text


def test_server_error_view_needs_no_database_or_request_context(rf: RequestFactory) -> None:
    # No `db` fixture: any query would fail this test.
    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    page = outline(response.content)
    _assert_site_layout(page)
    assert "شهرداری اصفهان" in page.text


def test_500_template_renders_even_with_an_empty_context() -> None:
    page = outline(loader.get_template("500.html").render())

    assert "متأسفیم، مشکلی در سامانه پیش آمد" in page.text
    assert page.first("html").attrs == {"lang": "fa", "dir": "rtl"}


def test_csrf_failure_page_is_persian_and_hides_the_reason(settings: Settings) -> None:
    settings.CSRF_FAILURE_VIEW = "nama.portal.views.csrf_failure"
    client = Client(enforce_csrf_checks=True)

    response = client.post("/", {"x": "1"})

    assert response.status_code == 403
    page = outline(response.content)
    _assert_site_layout(page)
    assert "فرم برای حفظ امنیت شما پذیرفته نشد" in page.text
    assert not any("CSRF" in text for text in page.text)


def test_csrf_failure_page_shows_the_reason_when_debugging(
    settings: Settings, rf: RequestFactory
) -> None:
    settings.DEBUG = True

    response = views.csrf_failure(rf.post("/"), reason="CSRF cookie not set.")

    assert response.status_code == 403
    assert "CSRF cookie not set." in outline(response.content).text
