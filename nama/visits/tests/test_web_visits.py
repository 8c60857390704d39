"""The visit pages: the applicant's slot picker and request-page panel, the staff's reschedule
page and panel."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member, verified
from nama.cases.models import Case
from nama.core.jalali import WEEKDAY_NAMES
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.services import book_visit
from nama.visits.tests.factories import awaiting_visit, first_free, inspector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
ASCII_DIGIT = re.compile(r"[0-9]")


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def book_url(case: Case) -> str:
    return f"/visits/{case.tracking_code}/book/"


def legends(html: str) -> list[str]:
    return re.findall(r'<legend class="slot-day__title">([^<]+)</legend>', html)


def test_the_request_page_asks_for_a_slot_and_the_picker_books_it() -> None:
    inspector()
    case = awaiting_visit()
    client = signed_in(case.applicant)

    page = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert "انتخاب نوبت بازدید" in page
    assert book_url(case) in page

    picker = client.get(book_url(case))
    assert picker.status_code == 200
    html = picker.content.decode()
    days = legends(html)
    assert days
    assert all(day.split()[0] in WEEKDAY_NAMES for day in days)
    assert not any(ASCII_DIGIT.search(day) for day in days)
    assert "ساعت ۸ تا ۱۰" in html

    chosen = first_free(case)
    answer = client.post(book_url(case), {"starts_at": chosen.isoformat()})

    assert answer.status_code == 302
    assert answer["Location"] == f"/requests/{case.tracking_code}/"
    visit = Visit.objects.get(case=case)
    assert visit.status == VisitStatus.BOOKED
    after = client.get(answer["Location"]).content.decode()
    assert when_label(visit.starts_at, visit.ends_at) in after
    assert "انتخاب نوبت بازدید" not in after


def test_posting_twice_books_once_and_nothing_chosen_is_explained() -> None:
    inspector()
    case = awaiting_visit()
    client = signed_in(case.applicant)

    empty = client.post(book_url(case), {})
    assert empty.status_code == 200
    assert "یکی از نوبت‌های بازدید را انتخاب کنید." in empty.content.decode()
    assert not Visit.objects.filter(case=case).exists()

    chosen = first_free(case).isoformat()
    first = client.post(book_url(case), {"starts_at": chosen})
    second = client.post(book_url(case), {"starts_at": chosen})

    assert (first.status_code, second.status_code) == (302, 302)
    assert Visit.objects.filter(case=case).count() == 1


def test_a_slot_not_offered_comes_back_with_its_reason() -> None:
    inspector()
    case = awaiting_visit()
    client = signed_in(case.applicant)
    wrong = first_free(case).replace(minute=30).isoformat()

    answer = client.post(book_url(case), {"starts_at": wrong})

    assert answer.status_code == 200
    assert "این زمان برای بازدید ارائه نمی‌شود" in answer.content.decode()
    assert not Visit.objects.filter(case=case).exists()


def test_no_inspector_shows_the_reason_instead_of_a_picker() -> None:
    case = awaiting_visit()

    html = signed_in(case.applicant).get(book_url(case)).content.decode()

    assert "مامور بازدیدی تعریف نشده" in html
    assert 'name="starts_at"' not in html


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(make_user, id="unrelated citizen"),
        pytest.param(lambda: staff_member(StaffRole.VISIT_AGENT, 8), id="other district"),
    ],
)
def test_others_get_404_on_both_pages(who: object) -> None:
    inspector()
    case = awaiting_visit()
    client = Client()
    sign_in_verified(client, who())  # type: ignore[operator]

    assert client.get(book_url(case)).status_code == 404
    assert (
        client.post(book_url(case), {"starts_at": first_free(case).isoformat()}).status_code == 404
    )
    assert client.get(f"/visits/{case.tracking_code}/reschedule/").status_code == 404
    assert not Visit.objects.filter(case=case).exists()


def test_the_inspector_reschedules_from_the_page_and_returns_where_they_came_from() -> None:
    agent = inspector()
    case = awaiting_visit()
    old = book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    client = Client()
    sign_in_verified(client, agent)
    url = f"/visits/{case.tracking_code}/reschedule/?next=/staff/"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert when_label(old.starts_at, old.ends_at) in html
    assert 'name="reason"' in html
    target = next(
        value
        for value in re.findall(r'name="starts_at" value="([^"]+)"', html)
        if value != old.starts_at.isoformat()
    )

    missing = client.post(url, {"starts_at": target, "next": "/staff/"})
    assert missing.status_code == 200
    assert "دلیل جابه‌جایی را بنویسید" in missing.content.decode()
    moved = client.post(url, {"starts_at": target, "reason": "ماموریت", "next": "/staff/"})

    assert moved.status_code == 302
    assert moved["Location"] == "/staff/"
    old.refresh_from_db()
    assert old.status == VisitStatus.CANCELLED


def test_an_outside_next_is_not_followed() -> None:
    agent = inspector()
    case = awaiting_visit()
    old = book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    client = Client()
    sign_in_verified(client, agent)
    url = f"/visits/{case.tracking_code}/reschedule/"
    html = client.get(url).content.decode()
    target = [
        value
        for value in re.findall(r'name="starts_at" value="([^"]+)"', html)
        if value != old.starts_at.isoformat()
    ][-1]

    moved = client.post(url, {"starts_at": target, "reason": "x", "next": "https://evil.example/"})

    assert moved["Location"] == url


def test_the_staff_panel_lists_the_visits_and_offers_the_move_to_who_may() -> None:
    agent = inspector()
    case = awaiting_visit()
    book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    case.refresh_from_db()
    template = Template('{% include "visits/partials/staff_panel.html" %}')

    def render(user: object) -> str:
        request = RequestFactory().get("/staff/requests/x/")
        request.user = user  # type: ignore[assignment]
        return template.render(Context({"case": case, "request": request}))

    mine = render(agent)
    planner = render(verified(staff_member(StaffRole.PLANNING_OFFICER, 7)))
    stranger = render(verified(staff_member(StaffRole.PLANNING_OFFICER, 8)))

    assert "نوبت گرفته شده" in mine
    assert f"/visits/{case.tracking_code}/reschedule/?next=" in mine
    assert "نوبت گرفته شده" in planner
    assert "/reschedule/" not in planner
    assert stranger.strip() == ""
