"""GET /api/v1/staff/queue and /search: the order and its rule in words, filters as query
parameters, paging, a constant number of queries, no database ids."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import (
    api_token,
    assert_problem,
    bearer,
    make_user,
    staff_member,
)
from nama.cases.tests.builders import PERSIAN
from nama.staff.selectors import QUEUE_ORDER
from nama.staff.services import claim
from nama.staff.tests.factories import (
    clone_requests,
    counter_request,
    member,
    online_request,
    set_deadline,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
QUEUE = "/api/v1/staff/queue"


def _get(user: Any, path: str, **params: Any) -> Any:
    return Client().get(path, params, headers=bearer(api_token(user)))


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(value) for value in node))
    return set()


def test_the_queue_in_order_with_its_rule() -> None:
    counter = counter_request()
    late = set_deadline(online_request(), timezone.now() - timedelta(days=2))
    online = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    claim(actor=clerk, case=online)
    body = _get(clerk, QUEUE).json()
    assert body["order"] == QUEUE_ORDER
    assert (body["count"], body["offset"], body["limit"]) == (3, 0, 25)
    codes = [item["tracking_code"] for item in body["items"]]
    assert codes == [late.tracking_code, online.tracking_code, counter.tracking_code]
    first, second, third = body["items"]
    assert (first["overdue"], first["channel"]["value"], first["holder"]) == (True, "online", None)
    assert second["holder"] == {"username": clerk.username, "name": clerk.display_name}
    assert second["held_by_me"] is True
    assert third["channel"] == {"value": "counter", "label": "پیشخوان منطقه"}
    assert first["state"] == {"value": "document_check", "label": "بررسی مدارک در پیشخوان"}
    assert first["role"]["value"] == "desk_clerk"
    assert first["district"]["number"] == 7
    assert first["tracking_code_display"].replace("-", "").translate(PERSIAN) == (
        late.tracking_code.translate(PERSIAN)
    )


def test_filters_and_paging_as_query_parameters() -> None:
    online, counter = online_request(), counter_request()
    clerk = member(StaffRole.DESK_CLERK)
    claim(actor=clerk, case=counter)

    def codes(**params: Any) -> list[str]:
        return [item["tracking_code"] for item in _get(clerk, QUEUE, **params).json()["items"]]

    assert codes(channel="counter") == [counter.tracking_code]
    assert codes(holder="me") == [counter.tracking_code]
    assert codes(holder="unassigned") == [online.tracking_code]
    assert codes(service="d15", state="document_check") == codes()
    assert codes(overdue="true") == []
    assert codes(q=online.tracking_code.translate(PERSIAN)) == [online.tracking_code]
    assert codes(limit=1, offset=1) == [counter.tracking_code]
    assert _get(clerk, QUEUE, limit=1).json()["count"] == 2
    assert_problem(_get(clerk, QUEUE, channel="fax"), 422, "validation_error")
    assert_problem(_get(clerk, QUEUE, limit=500), 422, "validation_error")


def test_a_manager_sees_the_districts_waiting_work() -> None:
    at_desk = online_request()
    manager = member(StaffRole.DISTRICT_MANAGER)
    assert _get(manager, QUEUE).json()["items"] == []  # nothing awaits their signature
    body = _get(manager, QUEUE, scope="district").json()
    assert [item["tracking_code"] for item in body["items"]] == [at_desk.tracking_code]
    assert _get(member(StaffRole.DESK_CLERK), QUEUE, scope="district").json()["count"] == 0


def test_search_by_code_national_id_or_renewal_code() -> None:
    owner = make_user()
    case = online_request(owner)
    online_request()
    clerk = member(StaffRole.VISIT_AGENT)  # not in their queue, but in their district
    for text in (case.tracking_code, owner.national_id or "", case.parcel.renewal_code):  # type: ignore[union-attr]
        body = _get(clerk, "/api/v1/staff/search", q=text.translate(PERSIAN)).json()
        assert [item["tracking_code"] for item in body["items"]] == [case.tracking_code]
        assert body["count"] == 1
    assert _get(clerk, "/api/v1/staff/search", q="0000").json() == {
        "count": 0,
        "offset": 0,
        "limit": 25,
        "items": [],
    }


@pytest.mark.parametrize("path", [QUEUE, "/api/v1/staff/search?q=1"])
def test_not_staff_get_404(path: str) -> None:
    online_request()
    assert_problem(_get(make_user(), path), 404, "not_found")
    unverified = Client()
    unverified.force_login(staff_member(StaffRole.DESK_CLERK, 7))  # no second factor
    assert_problem(unverified.get(path), 404, "not_found")
    assert_problem(Client().get(path), 401, "not_authenticated")


def test_the_number_of_queries_does_not_grow_with_the_page() -> None:
    template = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    holders = [clerk, member(StaffRole.DESK_CLERK)]
    headers = bearer(api_token(clerk))

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(QUEUE, headers=headers)
        return len(captured.captured_queries), len(response.json()["items"])

    queries()  # the token's first use is recorded once
    one = queries()
    clone_requests(
        template,
        19,
        channel=lambda i: ("online", "counter", "partner")[i % 3],
        holder_id=lambda i: holders[i % 2].pk if i % 3 else None,
        state_due_at=lambda i: None if i == 5 else timezone.now() + timedelta(hours=i - 9),
    )
    twenty = queries()
    assert (one[1], twenty[1]) == (1, 20)
    assert one[0] == twenty[0] <= 9, (one, twenty)


def test_answers_carry_no_database_ids() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    claim(actor=clerk, case=case)
    body = _get(clerk, QUEUE).json()
    assert not {key for key in _keys(body) if key == "id" or key.endswith("_id")}
    assert not re.search(rf'"\b({case.pk}|{clerk.pk})\b"', json.dumps(body))
