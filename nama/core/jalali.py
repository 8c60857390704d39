"""Jalali (Solar Hijri) dates for input and display (domain reference, section 8).

Storage stays Gregorian (``datetime.date``, aware UTC ``datetime``); these helpers convert at the
edges. All calendar arithmetic is done by ``jdatetime``. Times are shown in Asia/Tehran.
Trap: ``jdatetime``'s ``weekday()`` counts from Saturday = 0, Python's from Monday = 0;
``weekday_name`` takes a Gregorian date so callers never meet the difference.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

import jdatetime
from django.core.exceptions import ValidationError
from django.utils import timezone

from nama.core.text import normalize_digits, strip_invisible, to_persian_digits

TEHRAN: Final = ZoneInfo("Asia/Tehran")

MONTH_NAMES: Final = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Saturday first, as the Iranian week (and jdatetime) counts.
WEEKDAY_NAMES: Final = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه")

_DATE = re.compile(r"([0-9]{4})\s*([/-])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})")


def month_name(month: int) -> str:
    """Persian name of Jalali month 1–12."""
    return MONTH_NAMES[month - 1]


def weekday_name(d: date) -> str:
    """Persian name of the weekday of a Gregorian date (an aware datetime is taken in Tehran)."""
    # Python counts Monday = 0; Saturday is 5, so shift by two to count from Saturday.
    return WEEKDAY_NAMES[(_local_date(d).weekday() + 2) % 7]


def tehran_time(dt: datetime) -> datetime:
    """Convert an aware datetime to Asia/Tehran; a naive one is a bug and raises ``ValueError``."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"Naive datetime {dt!r}: store and pass aware datetimes only.")
    return dt.astimezone(TEHRAN)


def tehran_today() -> date:
    """Today's Gregorian date in Tehran."""
    return tehran_time(timezone.now()).date()


def to_jalali(d: date) -> Any:
    """Return the ``jdatetime.date`` of a Gregorian date (aware datetimes in Tehran time)."""
    return jdatetime.date.fromgregorian(date=_local_date(d))


def from_jalali(year: int, month: int, day: int) -> date:
    """Return the Gregorian date of a Jalali date; a Persian ``ValidationError`` if invalid."""
    if not jdatetime.MINYEAR <= year <= jdatetime.MAXYEAR:
        raise ValidationError("سال تاریخ نامعتبر است.", code="jalali_year_invalid")
    if not 1 <= month <= 12:
        raise ValidationError("ماه باید بین ۱ تا ۱۲ باشد.", code="jalali_month_invalid")
    length = days_in_month(year, month)
    if not 1 <= day <= length:
        raise ValidationError(
            to_persian_digits(
                f"روز {day} در {month_name(month)} {year} وجود ندارد؛ این ماه {length} روز دارد."
            ),
            code="jalali_day_invalid",
        )
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def days_in_month(year: int, month: int) -> int:
    """Number of days in a Jalali month, leap years as jdatetime knows them."""
    return next(day for day in (31, 30, 29) if _exists(year, month, day))


def parse_jalali_date(value: str) -> date:
    """Parse ``1404/1/1`` or ``1404-01-01`` (any digit script) into a Gregorian ``date``."""
    text = normalize_digits(strip_invisible(value)).strip() if isinstance(value, str) else ""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValidationError("تاریخ را به شکل ۱۴۰۴/۰۱/۰۱ وارد کنید.", code="jalali_date_format")
    return from_jalali(int(match[1]), int(match[3]), int(match[4]))


def format_jalali_date(d: date, *, persian_digits: bool = True) -> str:
    """Format a Gregorian date (or aware datetime, in Tehran) as Jalali ``۱۴۰۴/۰۱/۰۱``."""
    j = to_jalali(d)
    return _digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}", persian_digits)


def format_jalali_date_long(d: date, *, weekday: bool = False) -> str:
    """Format as ``۱ فروردین ۱۴۰۴``, optionally with the weekday: ``جمعه ۱ فروردین ۱۴۰۴``."""
    j = to_jalali(d)
    text = to_persian_digits(f"{j.day} {month_name(j.month)} {j.year}")
    return f"{weekday_name(d)} {text}" if weekday else text


def format_jalali_datetime(dt: datetime, *, persian_digits: bool = True) -> str:
    """Format an aware datetime in Tehran time: ``۱۴۰۴/۰۱/۰۱ ۱۴:۳۰``; naive raises ValueError."""
    local = tehran_time(dt)
    text = f"{format_jalali_date(local, persian_digits=False)} {local:%H:%M}"
    return _digits(text, persian_digits)


_UNITS: Final = (
    ("سال", 365 * 86400),
    ("ماه", 30 * 86400),
    ("روز", 86400),
    ("ساعت", 3600),
    ("دقیقه", 60),
)


def format_relative_time(value: date, *, now: datetime | None = None) -> str:
    """Describe ``value`` relative to ``now`` in Persian: «۵ دقیقه پیش», «۲ روز دیگر».

    An aware datetime is compared to the instant; a plain date to today's date in Tehran
    («امروز», «۳ روز پیش»). Counts are rounded down; months are 30 days, years 365.
    """
    current = tehran_time(now or timezone.now())
    if isinstance(value, datetime):
        return _describe((tehran_time(value) - current).total_seconds(), "همین حالا")
    return _describe((value - current.date()).days * 86400, "امروز")


def _describe(seconds: float, zero: str) -> str:
    magnitude = abs(seconds)
    direction = "پیش" if seconds < 0 else "دیگر"
    for name, size in _UNITS:
        if magnitude >= size:
            return to_persian_digits(f"{int(magnitude // size)} {name} {direction}")
    return zero


def _local_date(d: date) -> date:
    return tehran_time(d).date() if isinstance(d, datetime) else d


def _exists(year: int, month: int, day: int) -> bool:
    try:
        jdatetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _digits(text: str, persian: bool) -> str:
    return to_persian_digits(text) if persian else text
