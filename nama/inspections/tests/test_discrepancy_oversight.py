"""Managers see discrepancies counted per district and per staff member who reported the
contradicted figure: district managers for their districts, city managers for all."""

from __future__ import annotations

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
    sign_in_verified,
    staff_member,
    verified,
)
from nama.inspections.models import Discrepancy
from nama.inspections.services import DraftIn, record_desk_figures, submit_report
from nama.inspections.tests.builders import at_visit, visit_agent
from nama.inspections.tests.test_find_discrepancies import ALL_YES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _visited(district: int, code: str, clerk: User, seen: dict[str, Any]) -> Any:
    case, visit = at_visit(inspector=visit_agent(district), code=code)
    record_desk_figures(actor=clerk, case=case, values={"floors": "۲", "units": "۳"})
    draft = DraftIn(revision=0, values=seen, checklist=ALL_YES)
    submit_report(actor=visit.inspector, visit=visit, submission_key="k", draft=draft)
    return case


@pytest.fixture
def two_districts() -> dict[str, Any]:
    clerk7 = verified(staff_member(StaffRole.DESK_CLERK, 7, first_name="نرگس", last_name="رحیمی"))
    clerk6 = verified(staff_member(StaffRole.DESK_CLERK, 6))
    # District 7: floors 4 (declared 3, desk 2), units 3 (agrees): 2 discrepancies.
    case7 = _visited(7, "7-1-1-5-0-0-0", clerk7, {"floors": "4", "units": "3"})
    # District 6: floors 2 (declared 3), units 4 (declared 3, desk 3): 3 discrepancies.
    case6 = _visited(6, "6-1-1-5-0-0-0", clerk6, {"floors": "2", "units": "4"})
    return {"clerk7": clerk7, "case7": case7, "case6": case6}


def _client(user: User) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_a_district_manager_sees_their_district(two_districts: dict[str, Any]) -> None:
    manager = staff_member(StaffRole.DISTRICT_MANAGER, 7)
    client = _client(manager)

    page = client.get("/inspections/discrepancies/?period=30").content.decode()
    api = client.get("/api/v1/staff/inspections/discrepancies").json()

    assert api["total"] == Discrepancy.objects.filter(district__number=7).count() == 2
    assert api["by_district"] == [{"label": "منطقه ۷", "count": 2, "cases": 1, "source": ""}]
    assert api["by_staff_member"] == [
        {"label": "نرگس رحیمی", "source": "کارشناس، از روی مدارک", "count": 1, "cases": 1}
    ]
    assert {row["tracking_code"] for row in api["recent"]} == {two_districts["case7"].tracking_code}
    assert f"/staff/requests/{two_districts['case7'].tracking_code}/" in page
    assert two_districts["case6"].tracking_code not in page
    assert "نرگس رحیمی" in page


def test_a_city_manager_sees_every_district_and_filters(two_districts: dict[str, Any]) -> None:
    client = _client(staff_member(StaffRole.CITY_MANAGER))

    everything = client.get("/api/v1/staff/inspections/discrepancies?period=all").json()
    six = client.get("/api/v1/staff/inspections/discrepancies?district=6").json()
    page = client.get("/inspections/discrepancies/?district=6&period=7")

    assert everything["total"] == 5
    assert [row["label"] for row in everything["by_district"]] == ["منطقه ۶", "منطقه ۷"]
    assert six["total"] == 3
    assert {row["tracking_code"] for row in six["recent"]} == {two_districts["case6"].tracking_code}
    assert page.status_code == 200
    assert two_districts["case7"].tracking_code not in page.content.decode()


def test_a_manager_may_not_look_into_another_district(two_districts: dict[str, Any]) -> None:
    client = Client()
    headers = bearer(api_token(staff_member(StaffRole.DISTRICT_MANAGER, 7)))

    response = client.get("/api/v1/staff/inspections/discrepancies?district=6", headers=headers)

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize(
    "who",
    [
        lambda: staff_member(StaffRole.VISIT_AGENT, 7),
        lambda: staff_member(StaffRole.DESK_CLERK, 7),
        make_user,
    ],
    ids=["inspector", "desk clerk", "citizen"],
)
def test_only_managers_see_the_discrepancies(who: Any) -> None:
    user = who()
    client = Client()
    if user.kind == "staff":
        sign_in_verified(client, user)
    else:
        client.force_login(user)

    assert client.get("/inspections/discrepancies/").status_code == 403
    assert_problem(client.get("/api/v1/staff/inspections/discrepancies"), 403, "forbidden")
