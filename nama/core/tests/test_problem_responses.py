"""Every API error leaves as application/problem+json with a stable code and Persian detail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import Client
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from nama.core.api import install_problem_handlers
from nama.core.problems import PROBLEM_CONTENT_TYPE, ConflictError


class Payload(Schema):
    count: int


def _api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="problems-test")
    install_problem_handlers(api)

    @api.post("/echo")
    def echo(request: HttpRequest, payload: Payload) -> dict[str, int]:
        return {"count": payload.count}

    @api.get("/conflict")
    def conflict(request: HttpRequest) -> None:
        raise ConflictError("این درخواست هم‌زمان تغییر کرد.", code="stale_request")

    @api.get("/invalid")
    def invalid(request: HttpRequest) -> None:
        raise ValidationError({"mobile": ["شماره همراه نادرست است."]})

    @api.get("/teapot")
    def teapot(request: HttpRequest) -> None:
        raise HttpError(429, "slow down")

    @api.get("/boom")
    def boom(request: HttpRequest) -> None:
        raise RuntimeError("secret internals")

    return api


@pytest.fixture(scope="module")
def api_client() -> TestClient:
    return TestClient(_api())


def test_validation_errors_name_each_field(api_client: TestClient) -> None:
    response = api_client.post("/echo", json={"count": "many"})
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["type"].endswith("/validation_error")
    assert body["errors"] == {"count": ["باید یک عدد صحیح باشد."]}
    assert "معتبر" in body["detail"]


def test_api_errors_keep_their_code_and_status(api_client: TestClient) -> None:
    response = api_client.get("/conflict")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_request"
    assert response.json()["detail"] == "این درخواست هم‌زمان تغییر کرد."


def test_django_validation_errors_become_422_with_field_messages(
    api_client: TestClient,
) -> None:
    response = api_client.get("/invalid")
    assert response.status_code == 422
    assert response.json()["errors"] == {"mobile": ["شماره همراه نادرست است."]}


def test_http_errors_get_a_persian_detail(api_client: TestClient) -> None:
    response = api_client.get("/teapot")
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_requests"


def test_unexpected_errors_hide_internals(api_client: TestClient) -> None:
    response = api_client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "internal_error"
    assert "secret" not in response.content.decode()


def test_unknown_api_paths_answer_as_problems(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["code"] == "not_found"
    assert response.json()["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_openapi_schema_is_served(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")
    assert client.get("/api/docs").status_code == 200


@pytest.mark.django_db
def test_success_bodies_keep_persian_text_unescaped(client: Client) -> None:
    response = client.post(
        "/api/v1/auth/password/reset/request",
        {"national_id": "0499370899", "mobile": "09121234567"},
        content_type="application/json",
    )
    assert response.status_code == 202
    body = response.content.decode()
    assert "کد" in body
    assert "\\u06a9" not in body
