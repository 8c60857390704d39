"""How a visit's time reads in Persian: «سه‌شنبه ۱۸ آذر ۱۴۰۵، ساعت ۱۰ تا ۱۲»."""

from __future__ import annotations

from datetime import date, datetime

from nama.core.jalali import format_jalali_date_long, tehran_time
from nama.core.text import to_persian_digits


def day_label(day: date) -> str:
    """The weekday and the Jalali date: «سه‌شنبه ۱۸ آذر ۱۴۰۵»."""
    return format_jalali_date_long(day, weekday=True)


def window_label(starts_at: datetime, ends_at: datetime) -> str:
    """The two-hour window in Tehran time: «۱۰ تا ۱۲»."""
    start, end = tehran_time(starts_at), tehran_time(ends_at)
    return to_persian_digits(f"{_clock(start)} تا {_clock(end)}")


def when_label(starts_at: datetime, ends_at: datetime) -> str:
    """Day and window together, as notifications and pages say it."""
    return f"{day_label(tehran_time(starts_at).date())}، ساعت {window_label(starts_at, ends_at)}"


def _clock(moment: datetime) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"
