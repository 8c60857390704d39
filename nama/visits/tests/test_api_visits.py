"""The visits API: slots, booking, the request's visits, rescheduling; problem+json refusals
and the same 404 as for an unknown code for everyone who may not see the request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import (
    api_token,
    assert_problem,
    bearer,
    make_user,
    staff_member,
)
from nama.cases.models import Case
from nama.core.jalali import WEEKDAY_NAMES
from nama.visits.models import Visit, VisitStatus
from nama.visits.tests.factories import awaiting_visit, first_free, inspector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
JSON = "application/json"
UNKNOWN = "123456789018"
REASON = "مامور بازدید بیمار است."


def call(user: Any, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(Client(), method)(
        f"/api/v1/visits/{path}", data, content_type=JSON, headers=bearer(api_token(user))
    )


def free_slots(body: dict[str, Any]) -> list[str]:
    return [slot["starts_at"] for day in body["days"] for slot in day["slots"] if slot["available"]]


def test_the_applicant_sees_slots_books_and_reads_the_visit() -> None:
    agent = inspector()
    case = awaiting_visit()
    owner = case.applicant

    slots = call(owner, "get", f"{case.tracking_code}/slots")
    assert slots.status_code == 200, slots.content
    body = slots.json()
    assert body["message"] == ""
    first_day = body["days"][0]
    assert first_day["label"].split()[0] in WEEKDAY_NAMES
    assert not any(ch.isascii() and ch.isdigit() for ch in first_day["label"])
    assert [slot["label"] for slot in first_day["slots"]][-1] == "۱۶ تا ۱۸"

    chosen = free_slots(body)[0]
    booked = call(owner, "post", f"{case.tracking_code}/book", {"starts_at": chosen})
    assert booked.status_code == 201, booked.content
    visit = booked.json()
    assert visit["status"]["value"] == "booked"
    assert visit["inspector"] == agent.display_name
    assert "ساعت" in visit["when"]
    assert "id" not in visit

    listed = call(owner, "get", case.tracking_code)
    assert listed.status_code == 200
    assert listed.json()["state"] == "visit"
    assert [v["status"]["value"] for v in listed.json()["visits"]] == ["booked"]


def test_booking_twice_answers_with_the_same_visit_and_another_time_is_a_conflict() -> None:
    inspector()
    case = awaiting_visit()
    owner = case.applicant
    chosen = free_slots(call(owner, "get", f"{case.tracking_code}/slots").json())

    first = call(owner, "post", f"{case.tracking_code}/book", {"starts_at": chosen[0]})
    again = call(owner, "post", f"{case.tracking_code}/book", {"starts_at": chosen[0]})
    other = call(owner, "post", f"{case.tracking_code}/book", {"starts_at": chosen[1]})

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert_problem(other, 409, "already_booked")
    assert Visit.objects.filter(case=case).count() == 1


def test_a_time_without_offset_is_tehran_time() -> None:
    inspector()
    case = awaiting_visit()
    expected = first_free(case)
    local = expected.replace(tzinfo=None).isoformat()  # 08:00, meant in Isfahan

    booked = call(case.applicant, "post", f"{case.tracking_code}/book", {"starts_at": local})

    assert booked.status_code == 201, booked.content
    assert Visit.objects.get(case=case).starts_at == expected


def test_a_slot_not_offered_is_a_422_on_starts_at() -> None:
    inspector()
    case = awaiting_visit()
    wrong = first_free(case).replace(minute=30).isoformat()

    refused = call(case.applicant, "post", f"{case.tracking_code}/book", {"starts_at": wrong})

    body = assert_problem(refused, 422, "validation_error")
    assert "starts_at" in body["errors"]
    assert not Visit.objects.filter(case=case).exists()


def test_the_holding_inspector_reschedules_and_the_applicant_may_not() -> None:
    agent = inspector()
    case = awaiting_visit()
    owner = case.applicant
    slots = free_slots(call(owner, "get", f"{case.tracking_code}/slots").json())
    call(owner, "post", f"{case.tracking_code}/book", {"starts_at": slots[0]})
    target = {"starts_at": slots[-1], "reason": REASON}

    by_owner = call(owner, "post", f"{case.tracking_code}/reschedule", target)
    assert_problem(by_owner, 403, "not_allowed")
    no_reason = call(agent, "post", f"{case.tracking_code}/reschedule", {**target, "reason": " "})
    assert_problem(no_reason, 422, "validation_error")
    moved = call(agent, "post", f"{case.tracking_code}/reschedule", target)

    assert moved.status_code == 201, moved.content
    assert moved.json()["reason"] == REASON
    assert moved.json()["replaces_starts_at"] is not None
    visits = call(agent, "get", case.tracking_code).json()["visits"]
    assert [v["status"]["value"] for v in visits] == ["cancelled", "booked"]


def test_staff_of_the_district_may_not_book_for_an_online_request() -> None:
    inspector()
    case = awaiting_visit()
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    chosen = first_free(case).isoformat()

    refused = call(clerk, "post", f"{case.tracking_code}/book", {"starts_at": chosen})

    assert_problem(refused, 403, "not_allowed")
    assert not Visit.objects.filter(case=case).exists()


def test_no_inspector_means_no_slots_and_a_persian_message() -> None:
    case = awaiting_visit()

    body = call(case.applicant, "get", f"{case.tracking_code}/slots").json()

    assert body["days"] == []
    assert "مامور بازدید" in body["message"]


def _booked_case() -> Case:
    case = awaiting_visit()
    slots = free_slots(call(case.applicant, "get", f"{case.tracking_code}/slots").json())
    call(case.applicant, "post", f"{case.tracking_code}/book", {"starts_at": slots[0]})
    return case


ENDPOINTS = [
    ("get", "{code}", None),
    ("get", "{code}/slots", None),
    ("post", "{code}/book", {"starts_at": "2030-01-05T08:00:00+03:30"}),
    ("post", "{code}/reschedule", {"starts_at": "2030-01-05T08:00:00+03:30", "reason": "x"}),
]


@pytest.mark.parametrize(
    "stranger",
    [
        pytest.param(make_user, id="unrelated citizen"),
        pytest.param(lambda: staff_member(StaffRole.VISIT_AGENT, 8), id="other district"),
    ],
)
def test_who_may_not_see_the_request_gets_the_404_of_an_unknown_code(stranger: Any) -> None:
    inspector()
    case = _booked_case()
    before = list(Visit.objects.filter(case=case).values_list("pk", "status", "starts_at"))
    person = stranger()

    for method, path, body in ENDPOINTS:
        theirs = call(person, method, path.format(code=case.tracking_code), body)
        unknown = call(person, method, path.format(code=UNKNOWN), body)
        assert_problem(theirs, 404, "not_found")
        assert theirs.json()["detail"] == assert_problem(unknown, 404, "not_found")["detail"]

    after = list(Visit.objects.filter(case=case).values_list("pk", "status", "starts_at"))
    assert after == before
    assert Visit.objects.get(case=case).status == VisitStatus.BOOKED
