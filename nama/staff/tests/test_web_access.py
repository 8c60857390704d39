"""Who may open the staff pages: the district's verified staff; everyone else gets the same
404 as for an unknown code (or the sign-in page), and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, totp_device
from nama.cases.tests.builders import PERMIT_FORM
from nama.staff.tests.test_web_builders import signed_in, state, waiting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

UNKNOWN = "123456789018"  # a valid check digit; no request has it


def _posts(code: str) -> dict[str, dict[str, str]]:
    return {
        f"/staff/requests/{code}/claim/": {},
        f"/staff/requests/{code}/release/": {},
        f"/staff/requests/{code}/assign/": {"to": "x"},
        f"/staff/requests/{code}/notes/": {"body": "یادداشت", "audience": "internal"},
        f"/staff/requests/{code}/act/request_visit/": {"step": "0"},
        f"/staff/requests/{code}/act/return_for_correction/": {
            "step": "0",
            "return_for_correction-reason": "x",
        },
    }


def _refused_everywhere(client: Client, code: str) -> None:
    assert client.get(f"/staff/requests/{code}/").status_code == 404
    assert client.get(f"/staff/requests/{UNKNOWN}/").status_code == 404
    for path, data in _posts(code).items():
        assert client.post(path, data).status_code == 404, path


def test_signing_in_is_required(client: Client) -> None:
    case = waiting()[0]
    before = state(case)
    for path in ["/staff/", f"/staff/requests/{case.tracking_code}/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"/staff/requests/{case.tracking_code}/claim/").status_code == 302
    assert state(case) == before


@pytest.mark.parametrize("who", ["owner", "unrelated citizen"])
def test_citizens_get_404_and_change_nothing(client: Client, who: str) -> None:
    owner = make_user()
    case = waiting(owner=owner)[0]
    before = state(case)
    client.force_login(owner if who == "owner" else make_user())
    assert client.get("/staff/").status_code == 404
    _refused_everywhere(client, case.tracking_code)
    assert client.post("/staff/bulk-assign/", {"case": case.tracking_code}).status_code == 404
    assert state(case) == before
    assert case.form_data["units"] == PERMIT_FORM["units"]


def test_staff_without_the_second_factor_get_404(client: Client) -> None:
    case = waiting()[0]
    before = state(case)
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    totp_device(clerk)
    client.force_login(clerk)  # the password alone: no verified device in the session
    assert client.get("/staff/").status_code == 404
    _refused_everywhere(client, case.tracking_code)
    assert state(case) == before


def test_staff_of_another_district_see_their_own_queue_but_not_this_request(
    client: Client,
) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client, StaffRole.DESK_CLERK, district=6)
    queue = client.get("/staff/")
    assert queue.status_code == 200
    assert case.tracking_code not in queue.content.decode()
    _refused_everywhere(client, case.tracking_code)
    assert state(case) == before


def test_the_responsible_desk_clerk_opens_the_queue_and_the_request(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    assert client.get("/staff/").status_code == 200
    page = client.get(f"/staff/requests/{case.tracking_code}/")
    assert page.status_code == 200
    assert "اقدام‌ها" in page.content.decode()
    assert client.get(f"/staff/requests/{UNKNOWN}/").status_code == 404


def test_staff_of_the_district_in_another_role_see_it_but_cannot_take_it(
    client: Client,
) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client, StaffRole.PLANNING_OFFICER)
    page = client.get(f"/staff/requests/{case.tracking_code}/")
    assert page.status_code == 200
    assert "اقدامی از شما برنمی‌آید" in page.content.decode()
    refused = client.post(f"/staff/requests/{case.tracking_code}/claim/", follow=True)
    assert "نقش شما در آن اقدام نمی‌کند" in refused.content.decode()
    acted = client.post(
        f"/staff/requests/{case.tracking_code}/act/request_visit/", {"step": "0"}, follow=True
    )
    assert "این اقدام اکنون برای شما ممکن نیست." in acted.content.decode()
    assert state(case) == before


def test_every_form_needs_its_csrf_token() -> None:
    case = waiting()[0]
    before = state(case)
    client = Client(enforce_csrf_checks=True)
    signed_in(client)
    for path, data in _posts(case.tracking_code).items():
        assert client.post(path, data).status_code == 403, path
    assert state(case) == before
