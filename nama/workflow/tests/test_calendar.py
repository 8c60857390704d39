"""Working-day deadlines, hand-computed on the Jalali calendar (docs/architecture.md,
"Working-day calendar").

Each test sets its own closures and week rule, so nothing depends on the `holidays` package or
on today's date. Dates are written in Jalali; comments give the Gregorian date and weekday.
Nowruz 1405 as entered here (the official list):
  1404/12/29 Fri 2026-03-20  oil nationalisation day (a Friday anyway)
  1405/01/01 Sat 2026-03-21 … 1405/01/04 Tue 2026-03-24  Nowruz
  1405/01/12 Wed 2026-04-01  Islamic Republic day;  1405/01/13 Thu 2026-04-02  Nature day
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from nama.core.jalali import TEHRAN
from nama.workflow.calendar import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    next_working_day,
    working_day_value,
    working_days_between,
)
from nama.workflow.models.calendar import Closure, ClosureKind, ThursdayRule, WorkingWeek

pytestmark = pytest.mark.django_db

NOWRUZ_1405 = {
    (1404, 12, 29): "روز ملی شدن صنعت نفت ایران",
    (1405, 1, 1): "جشن نوروز",
    (1405, 1, 2): "عید نوروز",
    (1405, 1, 3): "عید نوروز",
    (1405, 1, 4): "عید نوروز",
    (1405, 1, 12): "روز جمهوری اسلامی",
    (1405, 1, 13): "روز طبیعت",
}


def j(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali date."""
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Tehran on a Jalali date."""
    return datetime.combine(j(year, month, day), time(hour, minute), tzinfo=TEHRAN)


def set_week(thursday: str, since: date = date(2020, 1, 1)) -> None:
    WorkingWeek.objects.update_or_create(effective_from=since, defaults={"thursday": thursday})


def close(day: date, title: str, kind: str = ClosureKind.HOLIDAY) -> Closure:
    return Closure.objects.create(date=day, title=title, kind=kind)


@pytest.fixture(autouse=True)
def nowruz_1405() -> None:
    """Only the hand-written Nowruz holidays, Thursdays closed."""
    Closure.objects.all().delete()
    WorkingWeek.objects.all().delete()
    set_week(ThursdayRule.CLOSED)
    for (year, month, day), title in NOWRUZ_1405.items():
        close(j(year, month, day), title)


def test_the_dates_in_the_comments_are_right() -> None:
    assert j(1405, 1, 1) == date(2026, 3, 21)
    assert j(1405, 1, 1).strftime("%a") == "Sat"
    assert j(1404, 12, 29) == date(2026, 3, 20)  # 1404 is not leap: Esfand has 29 days
    assert j(1405, 1, 13) == date(2026, 4, 2)
    assert j(1405, 9, 7) == date(2026, 11, 28)
    assert j(1405, 9, 7).strftime("%a") == "Sat"


# -- across Nowruz, by Thursday rule -----------------------------------------------------------


@pytest.mark.parametrize(
    ("thursday", "deadline"),
    [
        # received Tue 1404/12/26 (2026-03-17). Counted: Wed 12/27 (1); Thu 12/28 closed;
        # Fri 12/29; Sat–Tue 01/01–01/04 Nowruz; Wed 01/05 (2); Thu 01/06 closed; Fri 01/07;
        # Sat 01/08 (3); Sun 01/09 (4); Mon 01/10 (5) = 2026-03-30.
        (ThursdayRule.CLOSED, at(1405, 1, 10, 14)),
        # Wed 12/27 (1), Thu 12/28 (1½), Wed 01/05 (2½), Thu 01/06 (3), Sat 01/08 (4),
        # Sun 01/09 (5) = 2026-03-29.
        (ThursdayRule.HALF, at(1405, 1, 9, 14)),
        # Wed 12/27 (1), Thu 12/28 (2), Wed 01/05 (3), Thu 01/06 (4), Sat 01/08 (5) = 2026-03-28.
        (ThursdayRule.WORKING, at(1405, 1, 8, 14)),
    ],
)
def test_five_working_days_across_nowruz(thursday: str, deadline: datetime) -> None:
    set_week(thursday)

    assert add_working_days(at(1404, 12, 26), 5) == deadline
    assert working_days_between(at(1404, 12, 26), deadline) == 5


def test_the_12th_and_13th_of_farvardin_are_skipped() -> None:
    # received Sat 1405/01/08 (2026-03-28): Sun 01/09 (1), Mon 01/10 (2), Tue 01/11 (3),
    # Wed 01/12 and Thu 01/13 holidays, Fri 01/14, Sat 01/15 (4), Sun 01/16 (5) = 2026-04-05.
    assert add_working_days(at(1405, 1, 8, 9), 5) == at(1405, 1, 16, 14)


def test_a_holiday_on_a_working_thursday_still_closes_it() -> None:
    set_week(ThursdayRule.WORKING)
    start = at(1405, 1, 8, 9)

    # 13 Farvardin (Thu 2026-04-02) stays closed although Thursdays are working days.
    assert add_working_days(start, 5) == at(1405, 1, 16, 14)
    Closure.objects.filter(date=j(1405, 1, 13)).update(is_active=False)
    # Cancelled: Sun 01/09 (1), Mon (2), Tue (3), Thu 01/13 (4), Sat 01/15 (5).
    assert add_working_days(start, 5) == at(1405, 1, 15, 14)


def test_two_half_thursdays_make_one_day_and_the_deadline_is_at_noon() -> None:
    set_week(ThursdayRule.HALF)

    # received Wed 1405/09/04 (2026-11-25): Thu 09/05 (½), Sat 09/07 (1½), Sun (2½),
    # Mon (3½), Tue (4½), Wed 09/11 (5½), Thu 09/12 (6) = 2026-12-03, closing at 12:00.
    assert add_working_days(at(1405, 9, 4), 6) == at(1405, 9, 12, 12)
    assert working_day_value(j(1405, 9, 12)) == 0.5
    # Received on a half Thursday before noon: that day's noon; after noon: Saturday's close.
    assert add_working_days(at(1405, 9, 5, 11, 59), 0) == at(1405, 9, 5, 12)
    assert add_working_days(at(1405, 9, 5, 12), 0) == at(1405, 9, 7, 14)


# -- closures edited by administrators ---------------------------------------------------------


def test_an_air_pollution_closure_moves_the_deadline() -> None:
    # received Sat 1405/09/07 (2026-11-28): Sun 09/08 (1), Mon 09/09 (2), Tue 09/10 (3).
    start = at(1405, 9, 7)
    assert add_working_days(start, 3) == at(1405, 9, 10, 14)

    close(j(1405, 9, 9), "تعطیلی به دلیل آلودگی هوا", ClosureKind.CLOSURE)

    # Mon 2026-11-30 closed: Sun (1), Tue (2), Wed 09/11 (3) = 2026-12-02.
    assert add_working_days(start, 3) == at(1405, 9, 11, 14)


def test_a_half_day_closure_counts_half_and_closes_at_noon() -> None:
    close(j(1405, 9, 9), "تعطیلی از ظهر", ClosureKind.HALF_DAY)  # Mon 2026-11-30

    # Sun 09/08 (1), Mon 09/09 (1½), Tue 09/10 (2½), Wed 09/11 (3½).
    assert add_working_days(at(1405, 9, 7), 2) == at(1405, 9, 10, 14)
    assert add_working_days(at(1405, 9, 7), 3) == at(1405, 9, 11, 14)
    assert add_working_days(at(1405, 9, 9, 11), 0) == at(1405, 9, 9, 12)
    assert working_day_value(j(1405, 9, 9)) == 0.5


def test_a_new_thursday_rule_applies_from_its_date_only() -> None:
    # Decree: Thursdays are working days from Tue 1405/09/10 (2026-12-01).
    WorkingWeek.objects.create(effective_from=j(1405, 9, 10), thursday=ThursdayRule.WORKING)

    # Before: Thu 09/05 closed, so one day after Wed 09/04 is Sat 09/07.
    assert add_working_days(at(1405, 9, 4), 1) == at(1405, 9, 7, 14)
    # After: one day after Wed 09/11 is Thu 09/12.
    assert add_working_days(at(1405, 9, 11), 1) == at(1405, 9, 12, 14)
    # Across: from Tue 09/03: Wed 04 (1), Sat 07 (2), Sun (3), Mon (4), Tue (5), Wed 11 (6),
    # Thu 09/12 (7) under the new rule.
    assert add_working_days(at(1405, 9, 3), 7) == at(1405, 9, 12, 14)


def test_office_hours_are_data() -> None:
    WorkingWeek.objects.update(closes_at=time(15, 0))

    assert add_working_days(at(1405, 9, 7, 14, 30), 0) == at(1405, 9, 7, 15)


# -- where the count starts ---------------------------------------------------------------------


def test_a_start_on_a_friday_is_received_on_saturday() -> None:
    friday = at(1405, 9, 6)  # 2026-11-27

    assert add_working_days(friday, 0) == at(1405, 9, 7, 14)  # Sat 2026-11-28
    assert add_working_days(friday, 1) == at(1405, 9, 8, 14)  # Sun 2026-11-29


def test_a_start_at_or_after_closing_time_is_received_the_next_working_day() -> None:
    # Sat 1405/09/07 (2026-11-28) 13:59 Tehran is 10:29 UTC.
    before_close = datetime(2026, 11, 28, 10, 29, tzinfo=UTC)

    assert add_working_days(before_close, 1) == at(1405, 9, 8, 14)  # Sun 2026-11-29
    assert add_working_days(at(1405, 9, 7, 14), 1) == at(1405, 9, 9, 14)  # Mon 2026-11-30
    assert add_working_days(at(1405, 9, 7, 14), 0) == at(1405, 9, 8, 14)


def test_a_start_on_a_holiday_is_received_after_nowruz() -> None:
    holiday = at(1405, 1, 2)  # Sun 2026-03-22

    # Received Wed 01/05 (Thu 01/06 closed): n=1 is Sat 01/08 (2026-03-28).
    assert add_working_days(holiday, 0) == at(1405, 1, 5, 14)
    assert add_working_days(holiday, 1) == at(1405, 1, 8, 14)


def test_deadlines_are_in_tehran_time() -> None:
    deadline = add_working_days(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), 1)

    assert deadline.tzinfo == TEHRAN
    assert deadline.utcoffset() == timedelta(hours=3, minutes=30)
    assert deadline.astimezone(UTC) == datetime(2026, 11, 29, 10, 30, tzinfo=UTC)


# -- elapsed working days -----------------------------------------------------------------------


def test_working_days_between_across_the_year_end() -> None:
    start = at(1404, 12, 26)  # Tue 2026-03-17

    assert working_days_between(start, at(1405, 1, 10, 14)) == 5  # Mon 2026-03-30 at closing
    assert working_days_between(start, at(1405, 1, 10, 13, 59)) == 4
    assert working_days_between(at(1405, 1, 10, 14), start) == -5
    assert working_days_between(start, at(1404, 12, 26, 13)) == 0


def test_working_days_between_after_hours_on_the_last_day_of_the_year() -> None:
    late = at(1404, 12, 27, 15)  # Wed 2026-03-18 after closing: received Wed 1405/01/05

    assert working_days_between(late, at(1405, 1, 5, 14)) == 0
    assert working_days_between(late, at(1405, 1, 8, 14)) == 1  # Sat 2026-03-28


def test_day_helpers() -> None:
    assert not is_working_day(j(1405, 1, 1))  # Nowruz
    assert not is_working_day(j(1405, 9, 6))  # Friday
    assert not is_working_day(j(1405, 9, 5))  # Thursday, closed
    assert is_working_day(j(1405, 9, 7))
    assert working_day_value(j(1405, 9, 7)) == 1.0
    assert working_day_value(j(1405, 1, 13)) == 0.0
    assert next_working_day(j(1404, 12, 26)) == j(1404, 12, 27)
    assert next_working_day(j(1404, 12, 27)) == j(1405, 1, 5)  # over Nowruz
    # An aware datetime is taken in Tehran: 21:00 UTC on Friday is already Saturday there.
    assert is_working_day(datetime(2026, 11, 27, 21, 0, tzinfo=UTC))


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_working_days(datetime(2026, 11, 28, 10), 1),  # noqa: DTZ001
        lambda: working_days_between(datetime(2026, 11, 28, 10), at(1405, 9, 8)),  # noqa: DTZ001
        lambda: working_days_between(at(1405, 9, 8), datetime(2026, 11, 28, 10)),  # noqa: DTZ001
        lambda: is_working_day(datetime(2026, 11, 28, 10)),  # noqa: DTZ001
        lambda: add_working_days(at(1405, 9, 7), -1),
    ],
    ids=["add-naive", "between-naive-a", "between-naive-b", "day-naive", "negative-days"],
)
def test_naive_datetimes_and_negative_counts_are_refused(call: object) -> None:
    with pytest.raises(ValueError, match=r"[Nn]aive|zero or more"):
        call()  # type: ignore[operator]


def test_a_calendar_with_no_working_day_in_sight_says_so() -> None:
    for offset in range(450):
        close(j(1405, 2, 1) + timedelta(days=offset), "تعطیلی آزمایشی", ClosureKind.CLOSURE)

    with pytest.raises(ValueError, match="No working day"):
        next_working_day(j(1405, 1, 31))


def test_with_no_week_rule_the_defaults_apply() -> None:
    WorkingWeek.objects.all().delete()

    assert add_working_days(at(1405, 9, 4), 1) == at(1405, 9, 7, 14)  # Thursday closed


# -- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 20, 400])
def test_a_deadline_costs_two_queries_however_far(
    days: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):  # the week rules, the closures of the range
        add_working_days(at(1404, 12, 20), days)


def test_elapsed_days_over_two_years_cost_two_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(2):
        assert working_days_between(at(1404, 12, 26), at(1406, 12, 26)) > 400


def test_one_calendar_serves_a_batch_of_deadlines(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    starts = [at(1405, 1, 1) + timedelta(hours=7 * k) for k in range(200)]

    with django_assert_num_queries(2):
        calendar = WorkingCalendar(j(1405, 1, 1), j(1405, 4, 1))
        deadlines = [calendar.add_working_days(start, 10) for start in starts]

    assert deadlines == [add_working_days(start, 10) for start in starts]


def test_a_calendar_grows_its_range_in_few_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    calendar = WorkingCalendar(j(1405, 9, 7), j(1405, 9, 7))

    with django_assert_max_num_queries(6):  # doubling, never a query per day
        calendar.next_working_day(j(1407, 1, 1))
        calendar.is_working_day(j(1403, 1, 1))


# -- properties ---------------------------------------------------------------------------------


def busy_year() -> None:
    """Nowruz, a Thursday rule that changes twice, half days, a week of pollution closures."""
    set_week(ThursdayRule.HALF, since=j(1405, 3, 1))
    set_week(ThursdayRule.WORKING, since=j(1405, 9, 10))
    for day in (j(1405, 2, 15), j(1405, 4, 11), j(1405, 7, 18)):
        close(day, "نیمه‌تعطیل", ClosureKind.HALF_DAY)
    for offset in range(6):
        close(j(1405, 9, 29) + timedelta(days=offset), "آلودگی هوا", ClosureKind.CLOSURE)


moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2027, 6, 1),  # noqa: DTZ001
    timezones=st.sampled_from([TEHRAN, UTC]),
)


def test_deadline_properties() -> None:
    busy_year()
    calendar = WorkingCalendar(date(2025, 12, 1), date(2029, 1, 1))

    @settings(max_examples=400, deadline=None)
    @given(start=moments, days=st.integers(min_value=0, max_value=80))
    def check(start: datetime, days: int) -> None:
        deadline = calendar.add_working_days(start, days)

        assert deadline > start
        assert calendar.working_days_between(start, deadline) == days
        assert calendar.closing_time(deadline.date()) == deadline  # a working day's closing
        assert calendar.is_working_day(deadline.date())
        assert calendar.add_working_days(start, days + 1) > deadline
        later = start + timedelta(hours=days)
        assert calendar.add_working_days(later, days) >= deadline

    check()


def test_the_functions_agree_with_a_shared_calendar() -> None:
    busy_year()
    calendar = WorkingCalendar(date(2025, 12, 1), date(2029, 1, 1))

    @settings(max_examples=40, deadline=None)
    @given(a=moments, b=moments, days=st.integers(min_value=0, max_value=40))
    def check(a: datetime, b: datetime, days: int) -> None:
        assert add_working_days(a, days) == calendar.add_working_days(a, days)
        assert working_days_between(a, b) == calendar.working_days_between(a, b)

    check()
