"""Who may open and fill a visit's report: its inspector, or the visit agent holding the
request; everyone else gets the same 404 as for a code that does not exist, and nothing
changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import (
    assert_problem,
    make_user,
    sign_in_verified,
    staff_member,
)
from nama.cases.models import Case
from nama.inspections.models import InspectionReport
from nama.inspections.tests.builders import at_visit
from nama.visits.models import Visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

Persona = Callable[[Case, Visit], User]
PERSONAS: dict[str, Persona] = {
    "another inspector of the district": lambda c, v: staff_member(StaffRole.VISIT_AGENT, 7),
    "an inspector of another district": lambda c, v: staff_member(StaffRole.VISIT_AGENT, 3),
    "a planning officer of the district": lambda c, v: staff_member(StaffRole.PLANNING_OFFICER, 7),
    "the citizen owner": lambda c, v: c.applicant,
    "an unrelated user": lambda c, v: make_user(),
}


def _client(user: User) -> Client:
    client = Client()
    if user.kind == "staff":
        sign_in_verified(client, user)
    else:
        client.force_login(user)
    return client


def _put(client: Client, code: str, revision: int = 0) -> Any:
    return client.put(
        f"/api/v1/staff/inspections/{code}",
        data=json.dumps({"revision": revision, "values": {"floors": "4"}}),
        content_type="application/json",
    )


def test_the_inspector_opens_and_saves_the_report() -> None:
    case, visit = at_visit()
    client = _client(visit.inspector)

    page = client.get(f"/inspections/{case.tracking_code}/")
    api = client.get(f"/api/v1/staff/inspections/{case.tracking_code}")

    assert page.status_code == 200
    assert "گزارش بازدید" in page.content.decode()
    assert api.status_code == 200
    assert api.json()["revision"] == 0
    assert [item["key"] for item in api.json()["checklist_items"]][:2] == [
        "boundaries_match",
        "no_early_construction",
    ]


@pytest.mark.parametrize("persona", list(PERSONAS), ids=list(PERSONAS))
def test_anyone_else_gets_not_found_and_changes_nothing(persona: str) -> None:
    case, visit = at_visit()
    other = PERSONAS[persona](case, visit)
    client = _client(other)

    page = client.get(f"/inspections/{case.tracking_code}/")
    posted = client.post(
        f"/inspections/{case.tracking_code}/", {"revision": "0", "floors": "4", "_action": "save"}
    )
    api = client.get(f"/api/v1/staff/inspections/{case.tracking_code}")
    saved = _put(client, case.tracking_code)

    assert page.status_code == 404
    assert posted.status_code == 404
    assert_problem(api, 404, "not_found")
    assert_problem(saved, 404, "not_found")
    assert not InspectionReport.objects.exists()


def test_the_visit_agent_holding_the_request_may_fill_it() -> None:
    case, _visit = at_visit()
    colleague = staff_member(StaffRole.VISIT_AGENT, 7)
    Case.objects.filter(pk=case.pk).update(holder=colleague, held_since=timezone.now())
    client = _client(colleague)

    response = _put(client, case.tracking_code)

    assert response.status_code == 200, response.content
    assert InspectionReport.objects.get().values == {"floors": "4"}


def test_a_code_that_does_not_exist_looks_the_same() -> None:
    _case, visit = at_visit()
    client = _client(visit.inspector)

    assert client.get("/inspections/000000000000/").status_code == 404
    assert_problem(client.get("/api/v1/staff/inspections/nonsense"), 404, "not_found")


def test_signed_out_people_are_sent_to_sign_in() -> None:
    case, _visit = at_visit()

    response = Client().get(f"/inspections/{case.tracking_code}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
