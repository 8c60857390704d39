"""The work queue: who sees what, in which order (online first, then the step's deadline with
overdue first and none last, then age), its filters and the search by code or national ID."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member
from nama.cases.constants import Channel
from nama.cases.services import act
from nama.cases.tests.builders import ARABIC, PERSIAN
from nama.staff.selectors import (
    QUEUE_ORDER,
    QueueFilters,
    queue_page,
    search,
    work_queue,
)
from nama.staff.services import claim
from nama.staff.tests.factories import (
    counter_request,
    member,
    online_request,
    set_deadline,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _codes(user: User, filters: QueueFilters | None = None) -> list[str]:
    return [case.tracking_code for case in queue_page(user, filters).items]


def _when(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment


def test_an_online_request_filed_later_outranks_a_counter_request() -> None:
    counter = counter_request()
    online = online_request()
    assert counter.channel == Channel.COUNTER
    assert _when(counter.submitted_at) < _when(online.submitted_at)
    # The counter's deadline is as near or nearer: only the channel puts the online one first.
    assert _when(counter.state_due_at) <= _when(online.state_due_at)
    clerk = member(StaffRole.DESK_CLERK)
    assert _codes(clerk) == [online.tracking_code, counter.tracking_code]
    assert [case.pk for case in work_queue(clerk)] == [online.pk, counter.pk]


def test_overdue_first_then_by_deadline_then_no_deadline_last() -> None:
    now = timezone.now()
    later = set_deadline(online_request(), now + timedelta(days=3))
    none = set_deadline(online_request(), None)
    overdue = set_deadline(online_request(), now - timedelta(days=1))
    sooner = set_deadline(online_request(), now + timedelta(hours=5))
    expected = [overdue, sooner, later, none]
    clerk = member(StaffRole.DESK_CLERK)
    assert _codes(clerk) == [case.tracking_code for case in expected]
    assert [case.pk for case in work_queue(clerk)] == [case.pk for case in expected]


def test_equal_deadlines_go_oldest_first() -> None:
    due = timezone.now() + timedelta(days=1)
    first = set_deadline(online_request(), due)
    second = set_deadline(online_request(), due)
    assert _codes(member(StaffRole.DESK_CLERK)) == [first.tracking_code, second.tracking_code]


def test_a_queue_holds_its_role_and_district_only() -> None:
    here = online_request()
    elsewhere = online_request(district=8)
    assert _codes(member(StaffRole.DESK_CLERK)) == [here.tracking_code]
    assert _codes(member(StaffRole.DESK_CLERK, 8)) == [elsewhere.tracking_code]
    assert _codes(member(StaffRole.PLANNING_OFFICER)) == []
    assert _codes(member(StaffRole.CITY_MANAGER, None)) == []
    assert _codes(make_user()) == []
    assert _codes(staff_member(StaffRole.DESK_CLERK, 7)) == []  # no second factor


def test_the_next_role_finds_the_request_after_a_step() -> None:
    case = online_request()
    clerk = member(StaffRole.DESK_CLERK)
    act(actor=clerk, case=case, action="request_visit")
    assert _codes(clerk) == []
    assert _codes(member(StaffRole.VISIT_AGENT)) == []  # the applicant books a visit first


def test_the_page_counts_all_and_slices_in_order() -> None:
    cases = [online_request() for _ in range(3)]
    clerk = member(StaffRole.DESK_CLERK)
    page = queue_page(clerk, offset=1, limit=1)
    assert (page.count, [c.pk for c in page.items], page.has_next) == (3, [cases[1].pk], True)
    assert queue_page(clerk, offset=5).items == []
    assert queue_page(clerk, offset=5).count == 3
    assert "برخط" in QUEUE_ORDER


def test_filters_channel_overdue_holder_state_service() -> None:
    online, counter = online_request(), counter_request()
    late = set_deadline(online_request(), timezone.now() - timedelta(hours=1))
    clerk = member(StaffRole.DESK_CLERK)
    claim(actor=clerk, case=online)
    assert _codes(clerk, QueueFilters(channel="counter")) == [counter.tracking_code]
    assert _codes(clerk, QueueFilters(overdue=True)) == [late.tracking_code]
    assert _codes(clerk, QueueFilters(holder="me")) == [online.tracking_code]
    assert set(_codes(clerk, QueueFilters(holder="unassigned"))) == {
        counter.tracking_code,
        late.tracking_code,
    }
    assert len(_codes(clerk, QueueFilters(state="document_check"))) == 3
    assert _codes(clerk, QueueFilters(state="technical_review")) == []
    assert len(_codes(clerk, QueueFilters(service="D15"))) == 3
    assert _codes(clerk, QueueFilters(service="D16")) == []


@pytest.mark.parametrize("digits", [None, PERSIAN, ARABIC])
def test_search_by_tracking_code_national_id_and_renewal_code(digits: dict[int, str]) -> None:
    owner = make_user()
    case = online_request(owner)
    other = online_request()
    clerk = member(StaffRole.DESK_CLERK)

    def typed(text: str) -> str:
        return text.translate(digits) if digits else text

    code = case.tracking_code
    spaced = f"{code[:4]} {code[4:8]}-{code[8:]}"
    renewal = case.parcel.renewal_code if case.parcel else ""
    for text in (spaced, owner.national_id or "", renewal):
        assert [c.pk for c in search(clerk, typed(text))] == [case.pk], text
        assert _codes(clerk, QueueFilters(search=typed(text))) == [code], text
    unit = renewal.rsplit("-", 3)[0] + "-2-5-0"  # a unit of the building on that parcel
    assert [c.pk for c in search(clerk, typed(unit))] == [case.pk]
    assert list(search(clerk, "نامعتبر")) == []
    assert list(search(clerk, "123456789012")) == []
    assert [c.pk for c in search(clerk, typed(other.applicant.national_id or ""))] == [other.pk]


def test_search_covers_the_districts_not_other_districts() -> None:
    case = online_request(district=8)
    assert list(search(member(StaffRole.DESK_CLERK), case.tracking_code)) == []
    assert [c.pk for c in search(member(StaffRole.VISIT_AGENT, 8), case.tracking_code)] == [case.pk]
    assert [c.pk for c in search(member(StaffRole.CITY_MANAGER, None), case.tracking_code)] == [
        case.pk
    ]
