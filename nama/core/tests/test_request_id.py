"""Every response and log line carries a request id."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from nama.core.logging import RequestIdFilter
from nama.core.middleware import RequestIdMiddleware


def test_a_request_id_is_made_when_none_is_given(client: Client) -> None:
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


@override_settings(NAMA_TRUSTED_PROXIES=1)
def test_behind_a_proxy_its_well_formed_request_id_is_kept(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123456")
    assert response["X-Request-ID"] == "proxy-abc-123456"


def test_without_a_proxy_a_client_cannot_choose_the_request_id(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123456")
    assert response["X-Request-ID"] != "proxy-abc-123456"


@override_settings(NAMA_TRUSTED_PROXIES=1)
@pytest.mark.parametrize("bad", ["short", "has spaces in it!", "x" * 65, "<script>alert</script>"])
def test_a_malformed_incoming_request_id_is_replaced(client: Client, bad: str) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad


def test_log_records_inside_a_request_carry_its_id() -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        record = logging.LogRecord("t", logging.INFO, __file__, 1, "msg", None, None)
        RequestIdFilter().filter(record)
        seen.append(record.request_id)  # type: ignore[attr-defined]
        return HttpResponse()

    request = RequestFactory().get("/")
    response = RequestIdMiddleware(view)(request)
    # Django logs 404s and 5xx after the middleware returns: that line carries the id too.
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "msg", None, None)
    RequestIdFilter().filter(record)
    assert seen == [response["X-Request-ID"]]
    assert record.request_id == response["X-Request-ID"]  # type: ignore[attr-defined]
