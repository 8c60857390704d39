"""Who may do what through the staff API, role × district × action, on a District 7 request
waiting at the desk (document_check). Everyone outside the district's staff gets the same
404 as for a code that does not exist; staff whose role does not act get 403; every refusal
leaves the request, its holds and its notes as they were."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import (
    api_token,
    assert_problem,
    bearer,
    make_user,
    staff_member,
    verified,
)
from nama.cases.models import Case, CaseMessage
from nama.staff.models import HoldEvent
from nama.staff.services import claim
from nama.staff.tests.factories import hold_snapshot, member, online_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
UNKNOWN = "123456789018"
NOT_FOUND, OK, CREATED = 404, 200, 201
PERSONAS = [
    "desk_clerk",
    "visit_agent",
    "planning_officer",
    "district_manager",
    "city_manager",
    "owner",
    "unrelated_citizen",
    "other_district_clerk",
    "unverified_clerk",
]
OUTSIDERS = dict.fromkeys(PERSONAS[5:], (NOT_FOUND, "not_found"))


def _table(**allowed: tuple[int, str]) -> dict[str, tuple[int, str]]:
    return {**OUTSIDERS, **allowed}


STEP, ROLE, MANAGER = "not_your_step", "not_your_role", "not_a_manager"
DISTRICT_STAFF = PERSONAS[:5]
EXPECTED: dict[str, dict[str, tuple[int, str]]] = {
    "view": _table(**dict.fromkeys(DISTRICT_STAFF, (OK, ""))),
    "colleagues": _table(**dict.fromkeys(DISTRICT_STAFF, (OK, ""))),
    "note": _table(**dict.fromkeys(DISTRICT_STAFF, (CREATED, ""))),
    "claim": _table(
        desk_clerk=(OK, ""),
        visit_agent=(403, STEP),
        planning_officer=(403, STEP),
        district_manager=(403, STEP),
        city_manager=(403, STEP),
    ),
    # The desk clerk holds the request here.
    "release": _table(
        desk_clerk=(OK, ""),
        visit_agent=(403, STEP),
        planning_officer=(403, STEP),
        district_manager=(OK, ""),
        city_manager=(403, STEP),
    ),
    "assign": _table(
        desk_clerk=(OK, ""),
        visit_agent=(403, STEP),
        planning_officer=(403, STEP),
        district_manager=(OK, ""),
        city_manager=(403, STEP),
    ),
    "act": _table(
        desk_clerk=(OK, ""),
        visit_agent=(403, ROLE),
        planning_officer=(403, ROLE),
        district_manager=(403, ROLE),
        city_manager=(403, ROLE),
    ),
    "bulk": _table(
        desk_clerk=(403, MANAGER),
        visit_agent=(403, MANAGER),
        planning_officer=(403, MANAGER),
        district_manager=(OK, ""),
        city_manager=(403, MANAGER),
    ),
}


def _persona(persona: str, owner: User) -> tuple[User, Callable[..., Any]]:
    """The persona's user and a function (method, path, body) → response, as them."""
    client = Client()
    headers: dict[str, str] = {}
    if persona == "unverified_clerk":
        user = staff_member(StaffRole.DESK_CLERK, 7)
        client.force_login(user)  # a session without the second factor
    else:
        user = {
            "owner": owner,
            "unrelated_citizen": make_user(),
            "other_district_clerk": staff_member(StaffRole.DESK_CLERK, 8),
            "city_manager": staff_member(StaffRole.CITY_MANAGER, None),
        }.get(persona) or staff_member(StaffRole(persona), 7)
        headers = bearer(api_token(user))

    def call(method: str, path: str, body: Any) -> Any:
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(path, data, content_type="application/json", headers=headers)

    return user, call


def _request(action: str, code: str, colleague: str) -> tuple[str, str, Any]:
    base = f"/api/v1/staff/cases/{code}"
    return {
        "view": ("get", base, None),
        "colleagues": ("get", f"{base}/colleagues", None),
        "note": ("post", f"{base}/notes", {"body": "سند با استعلام ثبت تطبیق شد."}),
        "claim": ("post", f"{base}/claim", None),
        "release": ("post", f"{base}/release", {"reason": "مرخصی"}),
        "assign": ("post", f"{base}/assign", {"to": colleague, "reason": "توزیع کار"}),
        "act": (
            "post",
            f"{base}/actions",
            {"action": "return_for_correction", "inputs": {"reason": "نقشه ناخوانا است"}},
        ),
        "bulk": (
            "post",
            "/api/v1/staff/bulk-reassign",
            {"codes": [code], "to": colleague, "reason": "توزیع کار"},
        ),
    }[action]


def _state(case: Case) -> tuple[Any, ...]:
    return (*hold_snapshot(case), HoldEvent.objects.count(), CaseMessage.objects.count())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_access(action: str, persona: str) -> None:
    owner = make_user()
    case = online_request(owner)
    colleague = member(StaffRole.DESK_CLERK)
    user, call = _persona(persona, owner)
    if action == "release":  # held by the desk clerk persona, or by another clerk
        holder = user if persona == "desk_clerk" else staff_member(StaffRole.DESK_CLERK, 7)
        claim(actor=verified(holder), case=case)
    status, code = EXPECTED[action][persona]
    before = _state(case)
    response = call(*_request(action, case.tracking_code, colleague.username))
    if status >= 400:
        body = assert_problem(response, status, code)
        assert _state(case) == before
        if status == NOT_FOUND:
            unknown = call(*_request(action, UNKNOWN, colleague.username))
            assert unknown.status_code == NOT_FOUND
            assert unknown.json()["detail"] == body["detail"]
    else:
        assert response.status_code == status, response.content.decode()
        if action not in {"view", "colleagues"}:
            assert _state(case) != before
