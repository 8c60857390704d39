"""Jalali dates: parsing what people type, formatting for display, Tehran time, relative time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from nama.core.jalali import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    days_in_month,
    format_jalali_date,
    format_jalali_date_long,
    format_jalali_datetime,
    format_relative_time,
    from_jalali,
    month_name,
    parse_jalali_date,
    tehran_time,
    to_jalali,
    weekday_name,
)

NOWRUZ_1404 = date(2025, 3, 21)
# Jalali 1300/01/01 to 1500/12/29, well inside what anyone will type.
jalali_era_dates = st.dates(min_value=date(1921, 3, 21), max_value=date(2122, 3, 20))


def raises_code(code: str, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_jalali_date(value)
    assert info.value.code == code
    return info.value


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "1404/1/1",
        "1404/01/01",
        "1404-01-01",
        "1404-1-1",
        "۱۴۰۴/۰۱/۰۱",
        "١٤٠٤/١/١",
        " 1404 / 01 / 01 ",
        "\u200f۱۴۰۴/۱/۱\u200e",
    ],
)
def test_nowruz_1404_is_21_march_2025(typed: str) -> None:
    assert parse_jalali_date(typed) == NOWRUZ_1404


def test_last_day_of_leap_year_1403() -> None:
    assert parse_jalali_date("1403/12/30") == date(2025, 3, 20)


def test_esfand_30_does_not_exist_in_1404() -> None:
    error = raises_code("jalali_day_invalid", "1404/12/30")
    assert error.messages == ["روز ۳۰ در اسفند ۱۴۰۴ وجود ندارد؛ این ماه ۲۹ روز دارد."]


@pytest.mark.parametrize("typed", ["1404/07/31", "1404/01/32", "1404/01/00"])
def test_day_out_of_range_for_the_month(typed: str) -> None:
    raises_code("jalali_day_invalid", typed)


@pytest.mark.parametrize("typed", ["1404/13/01", "1404/00/10"])
def test_month_out_of_range(typed: str) -> None:
    error = raises_code("jalali_month_invalid", typed)
    assert "ماه" in error.messages[0]


def test_year_outside_the_supported_range() -> None:
    raises_code("jalali_year_invalid", "9999/01/01")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1404",
        "1404/01",
        "14040101",
        "1404/01-01",  # mixed separators
        "04/1/1",  # two-digit year
        "1404.01.01",
        "1404/001/01",
        "۱۴۰۴/۰۱/۰۱/۰۱",
        "１４０４/０１/０１",  # fullwidth digits pass `\d` but are not accepted
        "abc",
    ],
)
def test_malformed_dates(typed: str) -> None:
    error = raises_code("jalali_date_format", typed)
    assert "۱۴۰۴/۰۱/۰۱" in error.messages[0]


def test_from_jalali_and_days_in_month() -> None:
    assert from_jalali(1404, 1, 1) == NOWRUZ_1404
    assert [days_in_month(1404, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert days_in_month(1403, 12) == 30


# --- formatting ---------------------------------------------------------------------------------


def test_format_jalali_date() -> None:
    assert format_jalali_date(NOWRUZ_1404) == "۱۴۰۴/۰۱/۰۱"
    assert format_jalali_date(NOWRUZ_1404, persian_digits=False) == "1404/01/01"
    assert format_jalali_date(date(2025, 9, 22)) == "۱۴۰۴/۰۶/۳۱"


def test_format_jalali_date_of_an_aware_datetime_uses_the_tehran_day() -> None:
    # 20:30 UTC on 20 March is 00:00 on 21 March in Tehran (UTC+03:30).
    assert format_jalali_date(datetime(2025, 3, 20, 20, 30, tzinfo=UTC)) == "۱۴۰۴/۰۱/۰۱"
    assert format_jalali_date(datetime(2025, 3, 20, 20, 29, tzinfo=UTC)) == "۱۴۰۳/۱۲/۳۰"


def test_format_jalali_date_long() -> None:
    assert format_jalali_date_long(NOWRUZ_1404) == "۱ فروردین ۱۴۰۴"
    assert format_jalali_date_long(NOWRUZ_1404, weekday=True) == "جمعه ۱ فروردین ۱۴۰۴"


def test_format_jalali_datetime_converts_to_tehran() -> None:
    assert format_jalali_datetime(datetime(2025, 3, 21, 10, 0, tzinfo=UTC)) == "۱۴۰۴/۰۱/۰۱ ۱۳:۳۰"
    berlin = datetime(2025, 3, 21, 22, 45, tzinfo=ZoneInfo("Europe/Berlin"))  # 21:45 UTC
    assert format_jalali_datetime(berlin, persian_digits=False) == "1404/01/02 01:15"


def test_no_daylight_saving_in_tehran_since_2023() -> None:
    summer = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    assert tehran_time(summer).utcoffset() == timedelta(hours=3, minutes=30)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 3, 21, 10, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="Naive"):
        format_jalali_datetime(naive)
    with pytest.raises(ValueError, match="Naive"):
        format_jalali_date(naive)


# --- names --------------------------------------------------------------------------------------


def test_month_names() -> None:
    assert month_name(1) == "فروردین"
    assert month_name(12) == "اسفند"
    assert len(MONTH_NAMES) == 12


def test_weekday_names_start_on_saturday() -> None:
    week = [weekday_name(NOWRUZ_1404 + timedelta(days=n)) for n in range(1, 8)]
    assert week == list(WEEKDAY_NAMES)
    assert weekday_name(NOWRUZ_1404) == "جمعه"


@given(jalali_era_dates)
def test_weekday_name_agrees_with_jdatetime_despite_different_numbering(d: date) -> None:
    # jdatetime: Saturday = 0; Python: Monday = 0.
    assert weekday_name(d) == WEEKDAY_NAMES[to_jalali(d).weekday()]


# --- round trips ----------------------------------------------------------------------------------


@given(jalali_era_dates, st.booleans())
def test_format_then_parse_round_trip(d: date, persian_digits: bool) -> None:
    assert parse_jalali_date(format_jalali_date(d, persian_digits=persian_digits)) == d


@given(jalali_era_dates)
def test_to_jalali_from_jalali_round_trip(d: date) -> None:
    j = to_jalali(d)
    assert isinstance(j, jdatetime.date)
    assert from_jalali(j.year, j.month, j.day) == d


@given(jalali_era_dates, jalali_era_dates)
def test_ascii_jalali_text_sorts_like_the_dates(a: date, b: date) -> None:
    text_a = format_jalali_date(a, persian_digits=False)
    text_b = format_jalali_date(b, persian_digits=False)
    assert (a < b) == (text_a < text_b)


# Hypothesis takes naive bounds and attaches the time zone itself.
_START, _END = datetime(1990, 1, 1), datetime(2100, 1, 1)  # noqa: DTZ001


@given(st.datetimes(min_value=_START, max_value=_END, timezones=st.just(UTC)))
def test_datetime_format_shows_tehran_wall_clock(moment: datetime) -> None:
    local = moment.astimezone(ZoneInfo("Asia/Tehran"))
    text = format_jalali_datetime(moment, persian_digits=False)
    assert text == f"{format_jalali_date(local.date(), persian_digits=False)} {local:%H:%M}"


# --- relative time --------------------------------------------------------------------------------

NOW = datetime(2025, 3, 21, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(0), "همین حالا"),
        (timedelta(seconds=-59), "همین حالا"),
        (timedelta(minutes=-5), "۵ دقیقه پیش"),
        (timedelta(minutes=-5, seconds=-59), "۵ دقیقه پیش"),
        (timedelta(minutes=5), "۵ دقیقه دیگر"),
        (timedelta(hours=-3), "۳ ساعت پیش"),
        (timedelta(days=2), "۲ روز دیگر"),
        (timedelta(days=-29), "۲۹ روز پیش"),
        (timedelta(days=-45), "۱ ماه پیش"),
        (timedelta(days=400), "۱ سال دیگر"),
        (timedelta(days=-800), "۲ سال پیش"),
    ],
)
def test_relative_time_of_datetimes(delta: timedelta, expected: str) -> None:
    assert format_relative_time(NOW + delta, now=NOW) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 3, 21), "امروز"),
        (date(2025, 3, 18), "۳ روز پیش"),
        (date(2025, 3, 23), "۲ روز دیگر"),
    ],
)
def test_relative_time_of_dates(value: date, expected: str) -> None:
    assert format_relative_time(value, now=NOW) == expected


def test_relative_time_of_dates_uses_the_tehran_day() -> None:
    # 21:00 UTC on 20 March is already 21 March in Tehran.
    late_evening_utc = datetime(2025, 3, 20, 21, 0, tzinfo=UTC)
    assert format_relative_time(date(2025, 3, 21), now=late_evening_utc) == "امروز"


def test_relative_time_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="Naive"):
        format_relative_time(datetime(2025, 3, 21), now=NOW)  # noqa: DTZ001
