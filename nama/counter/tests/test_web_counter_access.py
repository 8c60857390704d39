"""Who may use the counter pages, and what the clerk is told when a step is refused. Anonymous
visitors are sent to sign in; citizens and other staff get 404; a clerk of another district
cannot open a counter request. Every refusal leaves everything as it was."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import (
    make_national_id,
    make_user,
    sign_in_verified,
    staff_member,
)
from nama.cases.models import Case
from nama.cases.services import start_draft
from nama.counter.services import start_counter_request
from nama.counter.tests.helpers import desk_clerk, parcel_of, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

PAGES = ["form", "documents", "review", "receipt"]


def _counter_draft() -> Case:
    citizen = make_user()
    parcel_of(citizen.national_id or "")
    return start_counter_request(
        actor=desk_clerk(7), citizen=citizen, renewal_code="7-12-34-5-0-0-0", service_code="D15"
    )


def _clerk_serving(client: Client, citizen: User, district: int = 7) -> User:
    """A signed-in clerk who has confirmed ``citizen`` at step one."""
    clerk = sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, district))
    client.post("/counter/", {"national_id": citizen.national_id})
    client.post("/counter/citizen/")
    return clerk


def _token(client: Client) -> str:
    page = client.get("/counter/request/").content.decode()
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    case = _counter_draft()
    for url in ["/counter/", "/counter/citizen/", "/counter/request/"] + [
        f"/counter/{case.tracking_code}/{page}/" for page in PAGES
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("citizen", id="a citizen"),
        pytest.param("applicant", id="the request's own citizen"),
        pytest.param("planner", id="a planning officer of the district"),
        pytest.param("clerk3", id="a desk clerk of another district"),
    ],
)
def test_everyone_but_a_clerk_of_the_district_gets_404(client: Client, who: str) -> None:
    case = _counter_draft()
    if who == "citizen":
        client.force_login(make_user())
    elif who == "applicant":
        client.force_login(case.applicant)
    elif who == "planner":
        sign_in_verified(client, staff_member(StaffRole.PLANNING_OFFICER, 7))
    else:
        sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 3))
    before = snapshot()
    for page in PAGES:
        assert client.get(f"/counter/{case.tracking_code}/{page}/").status_code == 404
    posts = {
        "form": {"floors": "5", "_step": "save"},
        "documents/upload": {"document_type": "deed"},
        "submit": {},
    }
    for page, data in posts.items():
        assert client.post(f"/counter/{case.tracking_code}/{page}/", data).status_code == 404
    assert snapshot() == before
    if who != "clerk3":  # the entry pages are for desk clerks only
        assert client.get("/counter/").status_code == 404
        assert client.post("/counter/", {"national_id": make_national_id()}).status_code == 404


def test_an_online_request_is_not_opened_at_the_counter(client: Client) -> None:
    owner = make_user()
    parcel = parcel_of(owner.national_id or "")
    online = start_draft(actor=owner, service_code="D15", parcel=parcel)
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    assert client.get(f"/counter/{online.tracking_code}/form/").status_code == 404


def test_an_invalid_national_id_is_refused_on_its_field(client: Client) -> None:
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    before = snapshot()
    response = client.post("/counter/", {"national_id": "۱۲۳۴۵۶۷۸۹۰"})
    assert response.status_code == 200
    assert "کد ملی نامعتبر است." in response.content.decode()
    assert snapshot() == before
    # Nothing was remembered: the next step sends the clerk back to the start.
    assert client.get("/counter/citizen/")["Location"] == "/counter/"
    assert client.get("/counter/request/")["Location"] == "/counter/"


def test_a_staff_members_national_id_is_refused(client: Client) -> None:
    colleague = staff_member(StaffRole.PLANNING_OFFICER, 7, national_id=make_national_id())
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    response = client.post("/counter/", {"national_id": colleague.national_id})
    assert "به حساب کارکنان یا سازمان همکار تعلق دارد" in response.content.decode()


def test_an_existing_account_is_shown_masked_for_confirmation(client: Client) -> None:
    citizen = make_user(first_name="پروین", last_name="صالحی", mobile="09121234567")
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    client.post("/counter/", {"national_id": citizen.national_id})
    page = client.get("/counter/citizen/").content.decode()
    assert "پر••• صا•••" in page
    assert "۰۹۱۲***۴۵۶۷" in page
    assert "صالحی" not in page
    assert "1234567" not in page


def test_bad_new_citizen_details_create_nothing(client: Client) -> None:
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    client.post("/counter/", {"national_id": make_national_id()})
    before = snapshot()
    response = client.post(
        "/counter/citizen/", {"first_name": "ع", "last_name": "رضایی", "mobile": "12345"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "نام باید بین ۲ تا ۵۰ نویسه باشد." in text
    assert "شماره همراه نامعتبر است" in text
    assert snapshot() == before


def test_a_parcel_the_citizen_does_not_own_is_refused_with_a_persian_message(
    client: Client,
) -> None:
    citizen = make_user()
    parcel_of(make_national_id())  # someone else's
    _clerk_serving(client, citizen)
    before = snapshot()
    response = client.post(
        "/counter/request/",
        {"renewal_code": "7-12-34-5-0-0-0", "service": "D15", "token": _token(client)},
    )
    assert response.status_code == 200
    assert "این شهروند مالک این ملک نیست" in response.content.decode()
    assert snapshot() == before


def test_a_parcel_of_another_district_is_refused(client: Client) -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "", code="8-1-2-3-0-0-0")
    _clerk_serving(client, citizen, district=7)
    before = snapshot()
    response = client.post(
        "/counter/request/",
        {"renewal_code": "8-1-2-3-0-0-0", "service": "D15", "token": _token(client)},
    )
    assert "این ملک در منطقه ۸ است" in response.content.decode()
    assert snapshot() == before


def test_a_service_without_the_counter_channel_is_refused(client: Client) -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "")
    _clerk_serving(client, citizen)
    before = snapshot()
    response = client.post(
        "/counter/request/",
        {"renewal_code": "7-12-34-5-0-0-0", "service": "E25", "token": _token(client)},
    )
    assert "این خدمت از پیشخوان ثبت نمی‌شود" in response.content.decode()
    assert snapshot() == before


def test_an_incomplete_draft_is_not_submitted(client: Client) -> None:
    case = _counter_draft()
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    response = client.post(f"/counter/{case.tracking_code}/submit/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "پیش از ثبت، این موارد را کامل کنید" in text
    case.refresh_from_db()
    assert case.status == "draft"
    assert client.get(f"/counter/{case.tracking_code}/receipt/")["Location"] == (
        f"/counter/{case.tracking_code}/review/"
    )
