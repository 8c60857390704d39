"""Every response and log line carries a request id."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from nama.core.logging import RequestIdFilter
from nama.core.middleware import RequestIdMiddleware


def test_a_request_id_is_made_when_none_is_given(client: Client) -> None:
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_a_well_formed_incoming_request_id_is_kept(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-123456")
    assert response["X-Request-ID"] == "proxy-abc-123456"


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

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="abcdefgh-1")
    RequestIdMiddleware(view)(request)
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "msg", None, None)
    RequestIdFilter().filter(record)
    assert seen == ["abcdefgh-1"]
    assert record.request_id == "-"  # type: ignore[attr-defined]
