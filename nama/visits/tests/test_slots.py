"""Which slots are offered: working days from the second working day on, within seven days,
two-hour slots 08–18, capacity per inspector and slot."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import district, staff_member
from nama.visits import constants
from nama.visits.slots import Offer, offer
from nama.visits.tests.factories import at, awaiting_visit, filler, inspector
from nama.workflow.models.calendar import Closure, ClosureKind, ThursdayRule, WorkingWeek

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 12, 2)
SATURDAY = date(2026, 12, 5)
SUNDAY = date(2026, 12, 6)
MONDAY = date(2026, 12, 7)
TUESDAY = date(2026, 12, 8)


def days_of(current: Offer) -> list[date]:
    return [day.day for day in current.days]


def hours_of(current: Offer, day: date) -> list[int]:
    found = next(d for d in current.days if d.day == day)
    return [slot.starts_at.astimezone(at(day).tzinfo).hour for slot in found.slots]


def close(day: date, kind: ClosureKind = ClosureKind.HOLIDAY) -> None:
    Closure.objects.create(date=day, title="تعطیل آزمایشی", kind=kind)


@pytest.fixture
def seven() -> None:
    """District 7 has one inspector."""
    inspector(7)


@pytest.mark.usefixtures("seven")
def test_the_earliest_day_is_two_working_days_ahead_across_the_weekend() -> None:
    # Wednesday: Thursday is closed by the week rule and Friday is the weekly holiday, so the
    # working days after it are Saturday (1) and Sunday (2).
    current = offer(district(7), now=at(WEDNESDAY, 9))

    assert days_of(current) == [SUNDAY, MONDAY, TUESDAY, date(2026, 12, 9)]
    assert current.message == ""


@pytest.mark.usefixtures("seven")
def test_the_hour_of_today_does_not_move_the_earliest_day() -> None:
    assert days_of(offer(district(7), now=at(WEDNESDAY, 23, 30)))[0] == SUNDAY
    assert days_of(offer(district(7), now=at(WEDNESDAY, 0, 5)))[0] == SUNDAY


@pytest.mark.usefixtures("seven")
def test_an_official_holiday_is_not_counted_nor_offered() -> None:
    close(SATURDAY)  # the first working day after Wednesday is now Sunday, the second Monday
    close(TUESDAY, ClosureKind.CLOSURE)  # an ad-hoc closure inside the window

    current = offer(district(7), now=at(WEDNESDAY))

    assert days_of(current) == [MONDAY, date(2026, 12, 9)]


@pytest.mark.usefixtures("seven")
def test_an_inactive_closure_changes_nothing() -> None:
    Closure.objects.create(date=SATURDAY, title="لغو شده", is_active=False)

    assert days_of(offer(district(7), now=at(WEDNESDAY)))[0] == SUNDAY


@pytest.mark.usefixtures("seven")
def test_the_window_ends_seven_calendar_days_after_today() -> None:
    current = offer(district(7), now=at(SATURDAY, 11))

    # Sunday (1), Monday (2) … up to next Saturday; Thursday closed, Friday off.
    assert days_of(current) == [MONDAY, TUESDAY, date(2026, 12, 9), date(2026, 12, 12)]


@pytest.mark.usefixtures("seven")
@override_settings(NAMA_VISIT_WINDOW_DAYS=3, NAMA_VISIT_EARLIEST_WORKING_DAYS=1)
def test_the_window_and_the_earliest_day_follow_the_settings() -> None:
    assert days_of(offer(district(7), now=at(SATURDAY))) == [SUNDAY, MONDAY, TUESDAY]


@pytest.mark.usefixtures("seven")
def test_a_working_thursday_is_offered() -> None:
    WorkingWeek.objects.create(effective_from=date(2026, 11, 1), thursday=ThursdayRule.WORKING)

    current = offer(district(7), now=at(date(2026, 12, 1)))  # a Tuesday: Wed (1), Thu (2)

    assert days_of(current)[0] == date(2026, 12, 3)


@pytest.mark.usefixtures("seven")
def test_five_two_hour_slots_from_eight_to_six_and_mornings_on_a_half_day() -> None:
    close(MONDAY, ClosureKind.HALF_DAY)

    current = offer(district(7), now=at(WEDNESDAY))

    assert hours_of(current, SUNDAY) == [8, 10, 12, 14, 16]
    sunday = current.days[0].slots
    assert all((s.ends_at - s.starts_at).total_seconds() == 7200 for s in sunday)
    assert hours_of(current, MONDAY) == [8, 10]


@pytest.mark.usefixtures("seven")
def test_a_long_holiday_leaves_nothing_to_offer_and_says_so() -> None:
    for offset in range(3, 20):
        close(date(2026, 12, offset))

    current = offer(district(7), now=at(WEDNESDAY))

    assert current.days == ()
    assert "تعطیلات" in current.message
    assert "۷ روز" in current.message


def test_no_inspector_in_the_district_means_no_slots_and_a_clear_message() -> None:
    inspector(8)  # another district's inspector does not count
    staff_member(StaffRole.PLANNING_OFFICER, 7)
    gone = inspector(7)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    current = offer(district(7), now=at(WEDNESDAY))

    assert current.days == ()
    assert current.message == constants.NO_INSPECTORS.format(district=district(7).name)


def test_each_inspector_has_capacity_seats_per_slot(catalog: object) -> None:
    first, second = inspector(7), inspector(7)
    case = awaiting_visit()
    sunday_ten = at(SUNDAY, 10)
    filler(case, first, sunday_ten)

    one_taken = offer(district(7), now=at(WEDNESDAY)).slot_at(sunday_ten)
    assert one_taken is not None
    assert (one_taken.free, one_taken.available) == (1, True)

    filler(case, second, sunday_ten)
    full = offer(district(7), now=at(WEDNESDAY)).slot_at(sunday_ten)
    assert full is not None
    assert (full.free, full.available) == (0, False)
    other = offer(district(7), now=at(WEDNESDAY)).slot_at(at(SUNDAY, 12))
    assert other is not None
    assert other.free == 2


@override_settings(NAMA_VISIT_CAPACITY_PER_SLOT=2)
def test_a_larger_capacity_gives_each_inspector_more_seats(catalog: object) -> None:
    only = inspector(7)
    case = awaiting_visit()
    filler(case, only, at(SUNDAY, 8), seat=0)

    slot = offer(district(7), now=at(WEDNESDAY)).slot_at(at(SUNDAY, 8))
    assert slot is not None
    assert (slot.free, slot.available) == (1, True)

    filler(case, only, at(SUNDAY, 8), seat=1)
    slot = offer(district(7), now=at(WEDNESDAY)).slot_at(at(SUNDAY, 8))
    assert slot is not None
    assert not slot.available


def test_a_cancelled_visit_frees_its_seat(catalog: object) -> None:
    only = inspector(7)
    case = awaiting_visit()
    visit = filler(case, only, at(SUNDAY, 8))
    visit.status = "cancelled"
    visit.save(update_fields=["status"])

    slot = offer(district(7), now=at(WEDNESDAY)).slot_at(at(SUNDAY, 8))
    assert slot is not None
    assert slot.available


def test_all_slots_taken_is_said_plainly(catalog: object) -> None:
    only = inspector(7)
    case = awaiting_visit()
    for day in (SUNDAY, MONDAY, TUESDAY, date(2026, 12, 9)):
        for hour in constants.SLOT_STARTS:
            filler(case, only, at(day, hour))

    current = offer(district(7), now=at(WEDNESDAY))

    assert not any(slot.available for day in current.days for slot in day.slots)
    assert "پر شده" in current.message


def test_offering_slots_takes_a_constant_number_of_queries(
    catalog: object, django_assert_max_num_queries: object
) -> None:
    for _ in range(3):
        inspector(7)
    case = awaiting_visit()
    for hour in constants.SLOT_STARTS:
        filler(case, inspector(7), at(SUNDAY, hour))

    with django_assert_max_num_queries(5):  # type: ignore[operator]
        offer(district(7), now=at(WEDNESDAY))
