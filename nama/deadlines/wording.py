"""The words of deadline notices and of the overseers' page: Jalali dates, Persian digits."""

from __future__ import annotations

from datetime import datetime

from nama.cases.models import Case
from nama.core.jalali import format_jalali_date_long, tehran_time
from nama.core.text import to_persian_digits
from nama.workflow.calendar import FULL, ONE_DAY, WorkingCalendar
from nama.workflow.engine import definition_of

HOUR = 3600


def moment_phrase(moment: datetime) -> str:
    """``سه‌شنبه ۵ فروردین ۱۴۰۵ ساعت ۱۴:۰۰`` (Tehran time): the ``{when}`` of a notice."""
    local = tehran_time(moment)
    clock = to_persian_digits(f"{local:%H:%M}")
    return f"{format_jalali_date_long(local, weekday=True)} ساعت {clock}"


def step_label(case: Case, *, for_applicant: bool = False) -> str:
    """The current state's name for staff, or as the applicant sees it."""
    instance = case.workflow
    if instance is None:
        return ""
    state = definition_of(instance.definition).state(instance.state)
    return (state.citizen_label or state.label) if for_applicant else state.label


def working_days_missed(due: datetime, now: datetime, calendar: WorkingCalendar) -> int:
    """Whole working days that closed after ``due`` and by ``now``.

    Not ``working_days_between``: that one starts after the deadline's *received* day, and a
    deadline at closing time is received on the next working day, which would go uncounted.
    """
    day, last = tehran_time(due).date(), tehran_time(now).date()
    units = 0
    while day <= last:
        closes = calendar.closing_time(day)
        if closes is not None and due < closes <= now:
            units += calendar.units(day)
        day += ONE_DAY
    return units // FULL


def overdue_phrase(due: datetime, now: datetime, calendar: WorkingCalendar) -> str:
    """How long ago a deadline passed: whole working days, or hours within the first one."""
    days = working_days_missed(due, now, calendar)
    if days >= 1:
        return to_persian_digits(f"{days} روز کاری")
    hours = int((now - due).total_seconds() // HOUR)
    return to_persian_digits(f"{hours} ساعت") if hours >= 1 else "کمتر از یک ساعت"


def event_key(case: Case, step: int, kind: str) -> str:
    """One notice of ``kind`` per request and state entry (the workflow's step number)."""
    return f"deadline:{case.pk}:{step}:{kind}"
