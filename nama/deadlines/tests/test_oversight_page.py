"""/oversight/: district managers see their districts, city managers every district (pilots
first); everyone else is refused; the overdue list in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member, verified
from nama.cases.models import Case
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.deadlines.tests.helpers import permit_request
from nama.staff.services import claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
URL = reverse("deadlines:overdue")


def _late(case: Case, hours: int) -> Case:
    """Make the request's current state ``hours`` past its deadline."""
    Case.objects.filter(pk=case.pk).update(state_due_at=timezone.now() - timedelta(hours=hours))
    case.refresh_from_db()
    return case


def _manager(client: Client, district: int = 7) -> None:
    sign_in_verified(client, staff_member(StaffRole.DISTRICT_MANAGER, district))


def test_a_district_manager_sees_the_overdue_work_of_their_district(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7, first_name="رضا", last_name="کریمی")
    held = _late(permit_request(), hours=72)
    claim(actor=verified(clerk), case=held)
    newer = _late(permit_request(code="7-1-1-6-0-0-0"), hours=2)
    Case.objects.filter(pk=held.pk).update(escalated_at=timezone.now())
    _manager(client)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["district"].number == 7
    row = response.context["districts"][0]
    assert (row.district.number, row.open, row.overdue, row.due_soon) == (7, 2, 2, 0)
    assert [r.case.pk for r in response.context["rows"]] == [held.pk, newer.pk]  # longest first
    link = reverse("staff:case", args=[held.tracking_code])
    code = to_persian_digits(format_tracking_code(held.tracking_code))
    assert f'<a href="{link}"><bdi dir="ltr">{code}</bdi></a>' in html
    assert held.service.title in html
    assert "بررسی مدارک در پیشخوان" in html
    assert "رضا کریمی" in html
    assert "کارتابل مشترک" in html
    assert "بله، " in html  # escalated
    assert "هنوز نه" in html
    assert "۲ ساعت" in html  # the newer one: within its first working day past the deadline


def test_the_overdue_list_sorts_by_how_long_it_is_overdue(client: Client) -> None:
    older = _late(permit_request(), hours=72)
    newer = _late(permit_request(code="7-1-1-6-0-0-0"), hours=2)
    _manager(client)

    oldest_first = client.get(URL).context["rows"]
    newest_first = client.get(URL, {"sort": "newest"}).context["rows"]

    assert [row.case.pk for row in oldest_first] == [older.pk, newer.pk]
    assert [row.case.pk for row in newest_first] == [newer.pk, older.pk]


def test_the_page_costs_the_same_queries_for_one_or_many_overdue_requests(
    client: Client,
) -> None:
    _manager(client)
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    claim(actor=verified(clerk), case=_late(permit_request(), hours=30))
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in (6, 7, 8):
        case = _late(permit_request(code=f"7-1-1-{n}-0-0-0"), hours=n)
        claim(actor=verified(staff_member(StaffRole.DESK_CLERK, 7)), case=case)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["rows"]) == 4
    assert len(many) == len(one)


def test_a_city_manager_sees_every_district_pilots_first_and_chooses_one(client: Client) -> None:
    _late(permit_request(), hours=5)
    sign_in_verified(client, staff_member(StaffRole.CITY_MANAGER))

    response = client.get(URL)
    numbers = [row.district.number for row in response.context["districts"]]
    assert numbers[:4] == [6, 7, 8, 12]
    assert len(numbers) >= 15
    assert response.context["district"].number == 6  # the first pilot by default
    assert response.context["rows"] == []

    chosen = client.get(URL, {"district": "d7"})
    assert chosen.context["district"].number == 7
    assert len(chosen.context["rows"]) == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 404),
        ("desk_clerk", 403),
        ("unverified_manager", 403),
        ("other_district_manager", 403),
    ],
)
def test_everyone_else_is_refused(client: Client, who: str, status: int) -> None:
    if who == "citizen":
        client.force_login(make_user())
    elif who == "desk_clerk":
        sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    elif who == "unverified_manager":
        client.force_login(staff_member(StaffRole.DISTRICT_MANAGER, 7))
    elif who == "other_district_manager":
        _manager(client, 8)

    response = client.get(URL, {"district": "d7"})

    assert response.status_code == status


def test_an_unknown_district_is_not_found(client: Client) -> None:
    _manager(client)
    assert client.get(URL, {"district": "d99"}).status_code == 404
