"""The staff API documents itself: every operation has a summary, a description, errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

OPERATIONS = {
    ("get", "/api/v1/staff/queue"),
    ("get", "/api/v1/staff/search"),
    ("get", "/api/v1/staff/cases/{tracking_code}"),
    ("post", "/api/v1/staff/cases/{tracking_code}/claim"),
    ("post", "/api/v1/staff/cases/{tracking_code}/release"),
    ("post", "/api/v1/staff/cases/{tracking_code}/assign"),
    ("post", "/api/v1/staff/cases/{tracking_code}/actions"),
    ("post", "/api/v1/staff/cases/{tracking_code}/notes"),
    ("get", "/api/v1/staff/cases/{tracking_code}/colleagues"),
    ("post", "/api/v1/staff/bulk-reassign"),
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def test_every_staff_operation_is_mounted_and_documented(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    found = {
        (method, path)
        for path, operations in paths.items()
        if path.startswith("/api/v1/staff/")
        and not path.startswith(("/api/v1/staff/inspections", "/api/v1/staff/revenue"))
        for method in operations
    }
    assert found == OPERATIONS
    for method, path in OPERATIONS:
        operation = paths[path][method]
        assert operation["summary"], path
        assert operation["description"], path
        assert "404" in operation["responses"], path
        assert operation["security"] == [{"BearerTokenAuth": []}, {"SessionAuth": []}], path


def test_the_queue_documents_its_filters(schema: dict[str, Any]) -> None:
    parameters = schema["paths"]["/api/v1/staff/queue"]["get"]["parameters"]
    assert {p["name"] for p in parameters} >= {
        "scope",
        "service",
        "state",
        "channel",
        "overdue",
        "holder",
        "q",
        "limit",
        "offset",
    }
