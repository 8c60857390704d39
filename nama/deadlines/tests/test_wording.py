"""How deadlines read: the moment in notices, and how long a request is overdue."""

from __future__ import annotations

import pytest

from nama.deadlines.tests.helpers import (
    MONDAY,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    WEDNESDAY,
    at,
    official_holiday,
    thursdays_working,
)
from nama.deadlines.wording import moment_phrase, overdue_phrase, working_days_missed
from nama.workflow.calendar import WorkingCalendar

pytestmark = pytest.mark.django_db


def test_the_moment_of_a_deadline_in_persian_words_and_digits() -> None:
    assert moment_phrase(at(SUNDAY, 14)) == "یکشنبه ۲۲ آذر ۱۴۰۵ ساعت ۱۴:۰۰"


def test_overdue_time_counts_the_working_days_closed_since_the_deadline() -> None:
    thursdays_working()
    official_holiday(THURSDAY)
    calendar = WorkingCalendar(WEDNESDAY, MONDAY)
    due = at(WEDNESDAY, 14)

    assert overdue_phrase(due, at(WEDNESDAY, 14, 30), calendar) == "کمتر از یک ساعت"
    # Thursday (holiday) and Friday do not count; Saturday does once it has closed.
    assert overdue_phrase(due, at(SATURDAY, 13, 59), calendar) == "۷۱ ساعت"
    assert working_days_missed(due, at(SATURDAY, 14), calendar) == 1
    assert overdue_phrase(due, at(SUNDAY, 14), calendar) == "۲ روز کاری"
    assert working_days_missed(due, at(MONDAY, 13), calendar) == 2
