"""The inspector's phone view of the day: their visits in time order, with a map of stops."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import (
    api_token,
    bearer,
    make_user,
    sign_in_verified,
    staff_member,
)
from nama.inspections.tests.builders import at_visit, visit_agent
from nama.visits.models import Visit, VisitStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _codes(page: str, codes: list[str]) -> list[str]:
    """The given tracking codes in the order they appear on the page."""
    return sorted((code for code in codes if code in page), key=page.index)


def test_my_visits_today_and_next_days_in_time_order() -> None:
    me = visit_agent(first_name="رضا", last_name="کریمی")
    later, _ = at_visit(inspector=me, code="7-1-1-1-0-0-0", hour=14)
    first, _ = at_visit(inspector=me, code="7-1-1-2-0-0-0", hour=8)
    tomorrow, _ = at_visit(inspector=me, code="7-1-1-3-0-0-0", days=1, hour=8)
    yesterday, _ = at_visit(inspector=me, code="7-1-1-4-0-0-0", days=-1)
    cancelled, cancelled_visit = at_visit(inspector=me, code="7-1-1-6-0-0-0", hour=12)
    Visit.objects.filter(pk=cancelled_visit.pk).update(
        status=VisitStatus.CANCELLED, cancelled_at=timezone.now()
    )
    someone_elses, _ = at_visit(code="7-1-1-7-0-0-0")
    client = Client()
    sign_in_verified(client, me)

    page = client.get("/inspections/").content.decode()
    api = client.get("/api/v1/staff/inspections/today").json()

    codes = [c.tracking_code for c in (first, later, tomorrow, yesterday, cancelled, someone_elses)]
    assert _codes(page, codes) == [first.tracking_code, later.tracking_code, tomorrow.tracking_code]
    assert "امروز" in page
    assert "فردا" in page
    assert "ساعت ۰۸:۰۰ تا ۱۰:۰۰" in page
    assert [v["tracking_code"] for v in api] == _codes(page, codes)
    assert api[0]["address"] == "خیابان چهارباغ، کوچه ۱۲"
    assert api[0]["report"] == "none"
    stops = json.loads(page.split('id="stops-data" type="application/json">')[1].split("<")[0])
    assert [f["properties"]["number"] for f in stops["features"]] == [1, 2, 3]
    assert all(f["geometry"]["type"] == "Polygon" for f in stops["features"])
    assert 32 < stops["features"][0]["properties"]["lat"] < 33


def test_the_list_takes_a_constant_number_of_queries() -> None:
    me = visit_agent()
    at_visit(inspector=me, code="7-1-1-1-0-0-0")
    client, headers = Client(), bearer(api_token(me))
    client.get("/api/v1/staff/inspections/today", headers=headers)  # the token's first use
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/staff/inspections/today", headers=headers)
    at_visit(inspector=me, code="7-1-1-2-0-0-0", hour=12)
    at_visit(inspector=me, code="7-1-1-3-0-0-0", hour=14)
    with CaptureQueriesContext(connection) as three:
        client.get("/api/v1/staff/inspections/today", headers=headers)

    assert len(three) == len(one)


@pytest.mark.parametrize(
    "who",
    [lambda: staff_member(StaffRole.PLANNING_OFFICER, 7), make_user],
    ids=["staff without the role", "citizen"],
)
def test_the_day_view_is_for_visit_agents(who: Callable[[], User]) -> None:
    client = Client()
    user = who()
    if user.kind == "staff":
        sign_in_verified(client, user)
    else:
        client.force_login(user)

    assert client.get("/inspections/").status_code == 403
    assert client.get("/api/v1/staff/inspections/today").json() == []
