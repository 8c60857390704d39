"""The accounts API documents itself: every operation has a summary, a description, errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

OPERATIONS = {
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/register/verify"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/login/code/request"),
    ("post", "/api/v1/auth/login/code/verify"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/password/reset/request"),
    ("post", "/api/v1/auth/password/reset/confirm"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/me/tokens"),
    ("delete", "/api/v1/me/tokens/{token_id}"),
    ("get", "/api/v1/me/representations"),
    ("post", "/api/v1/me/representations"),
    ("post", "/api/v1/me/representations/{representation_id}/confirm"),
    ("post", "/api/v1/me/representations/{representation_id}/revoke"),
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def test_every_operation_is_mounted_and_documented(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    found = {
        (method, path)
        for path, operations in paths.items()
        if path.startswith(("/api/v1/auth", "/api/v1/me"))
        for method in operations
    }
    assert found == OPERATIONS
    for method, path in OPERATIONS:
        operation = paths[path][method]
        assert operation["summary"], path
        assert operation["description"], path
        assert any(status.startswith("4") for status in operation["responses"]), path


def test_signed_in_operations_name_both_ways_in(schema: dict[str, Any]) -> None:
    assert set(schema["components"]["securitySchemes"]) == {"BearerTokenAuth", "SessionAuth"}
    me = schema["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"BearerTokenAuth": []}, {"SessionAuth": []}]
    assert "security" not in schema["paths"]["/api/v1/auth/register"]["post"]


def test_request_bodies_carry_examples(schema: dict[str, Any]) -> None:
    schemas = schema["components"]["schemas"]
    for name in ("RegisterIn", "PasswordLoginIn", "CodeLoginIn", "RepresentationIn"):
        assert schemas[name]["examples"], name
    assert schemas["RegisterIn"]["properties"]["birth_date"]["examples"] == [
        "1370/05/12",
        "۱۳۷۰/۰۵/۱۲",
    ]
