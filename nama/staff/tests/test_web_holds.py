"""Claim, release, assign and a manager's bulk reassignment from the pages: each goes back
where it came from with a Persian message; a refusal says why and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import sign_in_verified, staff_member, verified
from nama.cases.models import Case
from nama.staff.models import HoldAction, HoldEvent
from nama.staff.services import claim
from nama.staff.tests.test_web_builders import page_of, shown, signed_in, state, waiting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _messages(response: object) -> str:
    return " ".join(page_of(response).text)


def _clerk(first: str = "رضا", last: str = "کریمی") -> User:
    return verified(staff_member(StaffRole.DESK_CLERK, 7, first_name=first, last_name=last))


def test_claim_from_the_queue_and_back_to_the_same_filters(client: Client) -> None:
    case = waiting()[0]
    me = signed_in(client)
    url = f"/staff/requests/{case.tracking_code}/claim/"

    response = client.post(url, {"next": "/staff/?channel=online"})

    assert response.status_code == 302
    assert response["Location"] == "/staff/?channel=online"
    case.refresh_from_db()
    assert case.holder == me
    page = _messages(client.get("/staff/?channel=online"))
    # The code is kept left to right inside the Persian sentence (Unicode isolates).
    assert f"درخواست \u2066{shown(case)}\u2069 اکنون در دست شماست." in page
    assert "در دست شما" in page


def test_a_request_someone_else_holds_cannot_be_claimed(client: Client) -> None:
    case = waiting()[0]
    claim(actor=_clerk(), case=case)
    before = state(case)
    signed_in(client)

    response = client.post(f"/staff/requests/{case.tracking_code}/claim/", follow=True)

    assert "این درخواست اکنون در دست رضا کریمی است." in _messages(response)
    assert state(case) == before


def test_the_holder_releases_it_a_colleague_cannot(client: Client) -> None:
    case = waiting()[0]
    holder = _clerk()
    claim(actor=holder, case=case)
    before = state(case)
    other = Client()
    signed_in(other)

    refused = other.post(f"/staff/requests/{case.tracking_code}/release/", follow=True)
    assert "در دست رضا کریمی" in _messages(refused)
    assert state(case) == before

    sign_in_verified(client, holder)
    released = client.post(f"/staff/requests/{case.tracking_code}/release/", follow=True)
    assert "به کارتابل مشترک برگشت" in _messages(released)
    case.refresh_from_db()
    assert case.holder is None


def test_assign_to_a_colleague_of_the_role(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    colleague = _clerk("سارا", "نوری")
    page = client.get(f"/staff/requests/{case.tracking_code}/")
    assert "سارا نوری" in _messages(page)

    response = client.post(
        f"/staff/requests/{case.tracking_code}/assign/",
        {"to": colleague.username, "reason": "آشنا با این محله"},
        follow=True,
    )

    assert "به سارا نوری سپرده شد." in _messages(response)
    case.refresh_from_db()
    assert case.holder == colleague
    event = HoldEvent.objects.get(case=case)
    assert (event.action, event.reason) == (HoldAction.ASSIGN, "آشنا با این محله")
    history = _messages(client.get(f"/staff/requests/{case.tracking_code}/"))
    assert "واگذاری: سارا نوری" in history


@pytest.mark.parametrize("to", ["planner", "", "nobody"])
def test_assign_only_to_someone_of_the_same_role_and_district(client: Client, to: str) -> None:
    case = waiting()[0]
    planner = staff_member(StaffRole.PLANNING_OFFICER, 7)
    before = state(case)
    signed_in(client)

    response = client.post(
        f"/staff/requests/{case.tracking_code}/assign/",
        {"to": planner.username if to == "planner" else to},
        follow=True,
    )

    assert "همکاری را که درخواست به او سپرده شود انتخاب کنید." in _messages(response)
    assert state(case) == before


def test_a_manager_reassigns_several_requests_with_a_reason(client: Client) -> None:
    first, second, untouched = waiting(3)
    claim(actor=_clerk(), case=first)
    colleague = _clerk("سارا", "نوری")
    signed_in(client, StaffRole.DISTRICT_MANAGER)

    response = client.post(
        "/staff/bulk-assign/",
        {
            "case": [first.tracking_code, second.tracking_code],
            "to": colleague.username,
            "reason": "مرخصی کارشناس",
            "next": "/staff/?scope=district",
        },
    )

    assert response["Location"] == "/staff/?scope=district"
    assert "۲ درخواست به سارا نوری سپرده شد." in _messages(client.get(response["Location"]))
    holders = dict(Case.objects.values_list("pk", "holder"))
    assert holders == {first.pk: colleague.pk, second.pk: colleague.pk, untouched.pk: None}
    assert set(
        HoldEvent.objects.filter(action=HoldAction.ASSIGN).values_list("reason", flat=True)
    ) == {"مرخصی کارشناس"}


@pytest.mark.parametrize(
    "problem", ["no reason", "no cases", "not a manager", "no colleague", "another role"]
)
def test_bulk_reassignment_refusals_change_nothing(client: Client, problem: str) -> None:
    cases = waiting(2)
    colleague = _clerk("سارا", "نوری")
    if problem == "another role":
        colleague = staff_member(StaffRole.PLANNING_OFFICER, 7, first_name="سارا", last_name="نوری")
    before = [state(case) for case in cases]
    role = StaffRole.DESK_CLERK if problem == "not a manager" else StaffRole.DISTRICT_MANAGER
    signed_in(client, role)
    data = {
        "case": [] if problem == "no cases" else [case.tracking_code for case in cases],
        "to": "" if problem == "no colleague" else colleague.username,
        "reason": "" if problem == "no reason" else "مرخصی",
    }

    response = client.post("/staff/bulk-assign/", data, follow=True)

    expected = {
        "no reason": "دلیل واگذاری را بنویسید.",
        "no cases": "هیچ درخواستی انتخاب نشده است",
        "not a manager": "واگذاری گروهی فقط برای مدیر منطقه است.",
        "no colleague": "همکاری را که درخواست به او سپرده شود انتخاب کنید.",
        "another role": "سارا نوری نقش مرحلهٔ کنونی درخواست",
    }[problem]
    assert expected in _messages(response)
    assert [state(case) for case in cases] == before


def test_requests_of_another_district_are_left_out_of_a_bulk_reassignment(
    client: Client,
) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client, StaffRole.DISTRICT_MANAGER, district=6)
    staff_member(StaffRole.DESK_CLERK, 6)

    response = client.post(
        "/staff/bulk-assign/", {"case": [case.tracking_code], "to": "x", "reason": "r"}, follow=True
    )

    assert "هیچ درخواستی انتخاب نشده است" in _messages(response)
    assert state(case) == before


def test_a_foreign_next_is_not_followed(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    for target in ["https://evil.example/staff/", "/accounts/", "//evil.example/staff/"]:
        response = client.post(f"/staff/requests/{case.tracking_code}/claim/", {"next": target})
        assert response["Location"] == f"/staff/requests/{case.tracking_code}/"
