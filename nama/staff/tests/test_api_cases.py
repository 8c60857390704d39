"""A request's file through the staff API, its workflow actions with their inputs, holds by
username, bulk reassignment and internal notes the citizen never sees."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import api_token, assert_problem, bearer
from nama.cases.models import Case, CaseMessage
from nama.staff.models import HoldEvent
from nama.staff.services import claim
from nama.staff.tests.factories import counter_request, member, online_request, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


class Api:
    def __init__(self, user: Any) -> None:
        self.client, self.headers = Client(), bearer(api_token(user))

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/staff{path}", headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        data = json.dumps(body) if body is not None else None
        return self.client.post(
            f"/api/v1/staff{path}", data, content_type="application/json", headers=self.headers
        )


def test_the_file_of_a_request_at_the_desk() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    Api(clerk).post(f"/cases/{case.tracking_code}/notes", {"body": "با استعلام ثبت تطبیق شد"})
    body = Api(clerk).get(f"/cases/{case.tracking_code}").json()
    assert (body["state"]["value"], body["status"]["value"]) == ("document_check", "in_progress")
    assert body["step_number"] == 0
    units = next(answer for answer in body["form"] if answer["name"] == "units")
    assert (units["label"], units["value"], units["text"]) == ("تعداد واحدها", 3, "۳ واحد")
    deed = next(doc for doc in body["documents"] if doc["type"] == "deed")
    assert (deed["format"], deed["inline"]) == ("pdf", True)
    assert deed["download_url"].startswith("/files/")
    assert [step["action"] for step in body["timeline"]] == ["start"]
    assert body["timeline"][0]["to_state"] == "بررسی مدارک در پیشخوان"
    assert [note["body"] for note in body["notes"]] == ["با استعلام ثبت تطبیق شد"]
    assert body["can"] == {
        "claim": True,
        "release": False,
        "assign": True,
        "manage": False,
        "held_by_me": False,
        "held_by_other": False,
    }
    actions = {action["action"]: action for action in body["actions"]}
    assert set(actions) == {"request_visit", "return_for_correction", "reject"}
    inputs = {item["name"]: item for item in actions["return_for_correction"]["inputs"]}
    assert {"value": "units", "label": "تعداد واحدها"} in inputs["fields"]["choices"]
    assert "deed" in [choice["value"] for choice in inputs["documents"]["choices"]]
    assert inputs["reason"]["required"] is True
    assert actions["reject"]["confirm"] is True


def test_internal_notes_never_reach_the_citizen() -> None:
    case = online_request()
    Api(member(StaffRole.PLANNING_OFFICER)).post(
        f"/cases/{case.tracking_code}/notes", {"body": "محرمانه"}
    )
    citizen = Client()
    mine = citizen.get(
        f"/api/v1/cases/{case.tracking_code}/messages", headers=bearer(api_token(case.applicant))
    )
    assert mine.json() == []
    assert CaseMessage.objects.get().internal is True


def test_a_correction_through_the_api_releases_the_hold() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    api = Api(clerk)
    assert api.post(f"/cases/{case.tracking_code}/claim").json()["holder"]["username"] == (
        clerk.username
    )
    stale = api.post(
        f"/cases/{case.tracking_code}/actions",
        {"action": "request_visit", "expected_step": 7},
    )
    assert_problem(stale, 409, "changed_meanwhile")
    missing = api.post(f"/cases/{case.tracking_code}/actions", {"action": "reject"})
    assert_problem(missing, 422, "validation_error")
    done = api.post(
        f"/cases/{case.tracking_code}/actions",
        {
            "action": "return_for_correction",
            "inputs": {"reason": "تعداد واحدها با نقشه نمی‌خواند", "fields": ["units"]},
            "expected_step": 0,
        },
    )
    assert done.status_code == 200, done.content.decode()
    assert (done.json()["state"]["value"], done.json()["holder"]) == ("returned", None)
    assert done.json()["actions"] == []
    assert refreshed(case).corrections["fields"] == ["units"]


def test_a_colleagues_request_cannot_be_acted_on() -> None:
    case = online_request()
    holder, other = member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)
    claim(actor=holder, case=case)
    api = Api(other)
    body = api.get(f"/cases/{case.tracking_code}").json()
    assert (body["can"]["held_by_other"], body["actions"]) == (True, [])
    refused = api.post(f"/cases/{case.tracking_code}/actions", {"action": "request_visit"})
    assert_problem(refused, 409, "held_by_other")
    assert_problem(api.post(f"/cases/{case.tracking_code}/claim"), 409, "held_by_other")
    assert refreshed(case).holder_id == holder.pk


def test_colleagues_and_assignment_by_username() -> None:
    case, busy = online_request(), online_request()
    clerk, colleague = member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)
    claim(actor=colleague, case=busy)
    api = Api(clerk)
    listed = {
        row["username"]: row for row in api.get(f"/cases/{case.tracking_code}/colleagues").json()
    }
    assert set(listed) == {clerk.username, colleague.username}
    assert (listed[colleague.username]["holding"], listed[clerk.username]["you"]) == (1, True)
    for wrong in (str(colleague.pk), "nobody", member(StaffRole.VISIT_AGENT).username):
        refused = api.post(f"/cases/{case.tracking_code}/assign", {"to": wrong})
        assert_problem(refused, 422, "validation_error")
    assert refreshed(case).holder is None
    given = api.post(f"/cases/{case.tracking_code}/assign", {"to": colleague.username})
    assert given.json()["holder"]["username"] == colleague.username
    assert api.post(f"/cases/{case.tracking_code}/release").status_code == 409


def test_bulk_reassignment_all_or_none() -> None:
    here = [online_request(), counter_request()]
    elsewhere = online_request(district=8)
    manager, colleague = member(StaffRole.DISTRICT_MANAGER), member(StaffRole.DESK_CLERK)
    api = Api(manager)
    codes = [case.tracking_code for case in here]
    body = {"codes": [*codes, elsewhere.tracking_code], "to": colleague.username, "reason": "x"}
    assert_problem(api.post("/bulk-reassign", body), 404, "not_found")
    assert not HoldEvent.objects.exists()
    moved = api.post("/bulk-reassign", {**body, "codes": codes})
    assert moved.json() == {
        "reassigned": 2,
        "holder": {"username": colleague.username, "name": colleague.display_name},
    }
    assert set(Case.objects.filter(holder=colleague).values_list("tracking_code", flat=True)) == (
        set(codes)
    )
