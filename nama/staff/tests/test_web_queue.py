"""The work queue page: its order (online first) and the rule shown, the columns, filters and
search in any digits, htmx refreshes, pages, a manager's district view, and a query count
that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.services import act
from nama.staff.selectors import QUEUE_ORDER
from nama.staff.services import claim
from nama.staff.tests.test_web_builders import (
    ARABIC,
    PERSIAN,
    at_counter,
    overdue,
    page_of,
    row_codes,
    shown,
    signed_in,
    waiting,
)
from nama.staff.views import queue as queue_view

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _text(response: object) -> str:
    return " ".join(page_of(response).text)


def test_online_requests_come_first_and_the_rule_is_shown(client: Client) -> None:
    counter_case, online_case, late_online = waiting(3)
    at_counter(counter_case)  # the oldest, but at the counter
    overdue(late_online)
    signed_in(client)

    response = client.get("/staff/")
    page = page_of(response)

    assert row_codes(page) == [
        late_online.tracking_code,
        online_case.tracking_code,
        counter_case.tracking_code,
    ]
    text = " ".join(page.text)
    assert QUEUE_ORDER in text
    assert "مهلت گذشته، ۳ روز پیش" in text
    assert shown(online_case) in text
    assert text.count("برخط") >= 2
    assert "پیشخوان" in text
    assert "بدون مسئول" in text


def test_the_holder_column_says_who_has_each_request(client: Client) -> None:
    mine, theirs = waiting(2)
    me = signed_in(client)
    colleague = verified(staff_member(StaffRole.DESK_CLERK, 7, first_name="رضا", last_name="کریمی"))
    claim(actor=verified(me), case=mine)
    claim(actor=colleague, case=theirs)

    text = _text(client.get("/staff/"))

    assert "در دست شما" in text
    assert "در دست رضا کریمی" in text


def test_filters_channel_overdue_and_holder(client: Client) -> None:
    counter_case, late, held = waiting(3)
    at_counter(counter_case)
    overdue(late)
    me = signed_in(client)
    claim(actor=verified(me), case=held)

    def codes(query: str) -> list[str]:
        return row_codes(page_of(client.get(f"/staff/?{query}")))

    assert codes("channel=counter") == [counter_case.tracking_code]
    assert codes("channel=online") == [late.tracking_code, held.tracking_code]
    assert codes("overdue=on") == [late.tracking_code]
    assert codes("holder=me") == [held.tracking_code]
    assert codes("holder=unassigned") == [late.tracking_code, counter_case.tracking_code]
    assert codes("service=D15&state=document_check") == [
        late.tracking_code,
        held.tracking_code,
        counter_case.tracking_code,
    ]
    assert codes("service=A2") == []
    assert codes("state=nonsense&holder=nobody") == codes("")  # unknown values are ignored


@pytest.mark.parametrize(
    "query",
    ["code_persian", "code_arabic_plain", "national_id_arabic", "renewal_code_persian"],
)
def test_search_accepts_persian_and_arabic_digits(client: Client, query: str) -> None:
    owner, other_owner = make_user(), make_user()
    wanted = waiting(owner=owner)[0]
    waiting(owner=other_owner, first=2)
    signed_in(client)
    code = wanted.tracking_code
    text = {
        "code_persian": shown(wanted),
        "code_arabic_plain": code.translate(ARABIC),
        "national_id_arabic": (owner.national_id or "").translate(ARABIC),
        "renewal_code_persian": "7-1-1-1-0-0-0".translate(PERSIAN),
    }[query]

    response = client.get("/staff/", {"q": text})

    assert row_codes(page_of(response)) == [code]


def test_a_search_that_finds_nothing_says_so(client: Client) -> None:
    waiting()
    signed_in(client)
    text = _text(client.get("/staff/", {"q": "۹۹۹۹"}))
    assert "درخواستی با این پالایه‌ها یا این جستجو در کارتابل شما نیست." in text


def test_htmx_gets_only_the_results(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)

    response = client.get("/staff/?channel=online", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert "queue-filters" not in body
    assert case.tracking_code in body
    assert "HX-Request" in response["Vary"]
    assert 'name="next" value="/staff/?channel=online"' in body


def test_pages_of_the_queue(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queue_view, "PAGE_SIZE", 2)
    cases = waiting(3)
    signed_in(client)

    first = page_of(client.get("/staff/?channel=online"))
    second = page_of(client.get("/staff/?channel=online&page=2"))

    assert row_codes(first) + row_codes(second) == [case.tracking_code for case in cases]
    links = [a.attrs.get("href", "") for a in first.find_all("a")]
    assert "?channel=online&page=2" in links
    assert "صفحهٔ ۱ از ۲" in " ".join(first.text)


def test_a_district_manager_sees_the_districts_waiting_work_with_bulk_boxes(
    client: Client,
) -> None:
    cases = waiting(2)
    third = waiting(owner=make_user(), first=9)[0]
    signed_in(client, StaffRole.DISTRICT_MANAGER)
    staff_member(StaffRole.DESK_CLERK, 7, first_name="سارا", last_name="نوری")

    own = page_of(client.get("/staff/"))
    district = page_of(client.get("/staff/?scope=district"))

    assert row_codes(own) == []  # nothing waits for a manager's own signature
    assert row_codes(district) == [case.tracking_code for case in [*cases, third]]
    boxes = [i.attrs["value"] for i in district.find_all("input") if i.attrs.get("name") == "case"]
    assert boxes == row_codes(district)
    assert "سارا نوری — کارمند پیشخوان شهرسازی" in " ".join(district.text)


def test_clerks_get_no_district_view_and_no_bulk_form(client: Client) -> None:
    waiting()
    signed_in(client)
    page = page_of(client.get("/staff/?scope=district"))
    assert not any(i.attrs.get("name") == "case" for i in page.find_all("input"))
    assert not any(f.attrs.get("id") == "bulk-form" for f in page.find_all("form"))


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/").status_code == 200
    return len(queries)


def test_the_queue_page_reads_the_same_number_of_queries_for_1_or_20_requests(
    client: Client,
) -> None:
    owner = make_user()
    first = waiting(owner=owner)[0]
    me = signed_in(client)
    staff_member(StaffRole.DESK_CLERK, 7)  # a colleague to assign to
    one = _queries(client)

    more = waiting(19, owner=owner, first=2)
    claim(actor=verified(me), case=more[0])
    at_counter(more[1])
    overdue(more[2])
    twenty = _queries(client)

    assert len(row_codes(page_of(client.get("/staff/")))) == 20
    assert first.tracking_code in row_codes(page_of(client.get("/staff/")))
    assert twenty == one


def test_a_search_also_lists_the_districts_requests_outside_the_queue(client: Client) -> None:
    owner = make_user()
    case = waiting(owner=owner)[0]
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    act(actor=clerk, case=case, action="request_visit")  # now the applicant's turn
    signed_in(client)

    page = page_of(client.get("/staff/", {"q": shown(case)}))

    assert row_codes(page) == []
    links = [a.attrs.get("href") for a in page.find_all("a")]
    assert f"/staff/requests/{case.tracking_code}/" in links
    assert "همین جستجو در همهٔ درخواست‌های منطقه" in " ".join(page.text)
