"""Every cases endpoint against an unrelated user: 404 problem (the same as an unknown code),
nothing changed. No database id in any answer."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user, staff_member
from nama.cases.models import Case, CaseMessage
from nama.cases.tests.builders import draft, owned_parcel, returned, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
JSON = "application/json"
UNKNOWN = "123456789018"

ENDPOINTS: list[tuple[str, str, Any]] = [
    ("get", "/api/v1/cases/{code}", None),
    ("patch", "/api/v1/cases/{code}/form", {"units": 9}),
    ("post", "/api/v1/cases/{code}/submit", None),
    ("delete", "/api/v1/cases/{code}", None),
    ("post", "/api/v1/cases/{code}/actions/resubmit", {}),
    ("post", "/api/v1/cases/{code}/actions/withdraw", {"reason": "x"}),
    ("post", "/api/v1/cases/{code}/actions/reject", {}),
    ("get", "/api/v1/cases/{code}/messages", None),
    ("post", "/api/v1/cases/{code}/messages", {"body": "سلام"}),
]


def _call(client: Client, token: str, method: str, path: str, body: Any) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(path, data, content_type=JSON, headers=bearer(token))


def _snapshot(case: Case) -> tuple[object, ...]:
    case.refresh_from_db()
    step = case.workflow.step if case.workflow else None
    return (case.status, case.form_data, case.corrections, step)


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_an_unrelated_user_gets_404_and_changes_nothing(
    state: str, method: str, path: str, body: Any
) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    case = draft(owner, parcel) if state == "draft" else submitted(owner, parcel)
    if state == "returned":
        case = returned(case, fields=["units"])
    before = _snapshot(case)
    client, token = Client(), api_token(make_user())
    theirs = _call(client, token, method, path.format(code=case.tracking_code), body)
    unknown = _call(client, token, method, path.format(code=UNKNOWN), body)
    assert_problem(theirs, 404, "not_found")
    assert theirs.json()["detail"] == unknown.json()["detail"]
    assert_problem(unknown, 404, "not_found")
    assert _snapshot(case) == before
    assert not CaseMessage.objects.exists()


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_district_staff_get_404_on_the_citizens_api(method: str, path: str, body: Any) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    staff = staff_member(StaffRole.DESK_CLERK, 7)
    response = _call(Client(), api_token(staff), method, path.format(code=case.tracking_code), body)
    assert_problem(response, 404, "not_found")


def test_an_unrelated_user_lists_nothing_and_cannot_read_anothers_inbox() -> None:
    owner = make_user()
    submitted(owner, owned_parcel(owner))
    client, token = Client(), api_token(make_user())
    assert client.get("/api/v1/cases", headers=bearer(token)).json() == {"count": 0, "items": []}
    inbox = client.get("/api/v1/inbox", headers=bearer(token)).json()
    assert inbox["count"] == 0


def test_answers_carry_no_database_ids() -> None:
    owner = make_user()
    case = returned(submitted(owner, owned_parcel(owner)), fields=["units"])
    client, token = Client(), api_token(owner)
    body = client.get(f"/api/v1/cases/{case.tracking_code}", headers=bearer(token)).json()
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    assert not {key for key in keys if key == "id" or key.endswith("_id")}
    assert not re.search(rf'"\b{case.pk}\b"', json.dumps(body))
