"""The builtin display filters, rendered through the project's template engine (no {% load %})."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone

from nama.core.jalali import tehran_today
from nama.core.templatetags import nama as filters


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_fa_digits() -> None:
    assert render("{{ v|fa_digits }}", v="پلاک 72/1617") == "پلاک ۷۲/۱۶۱۷"
    assert render("{{ v|fa_digits }}", v=1404) == "۱۴۰۴"


def test_jdate() -> None:
    assert render("{{ d|jdate }}", d=date(2025, 3, 21)) == "۱۴۰۴/۰۱/۰۱"
    # 21:00 UTC on 20 March is already Nowruz in Tehran.
    assert render("{{ d|jdate }}", d=datetime(2025, 3, 20, 21, 0, tzinfo=UTC)) == "۱۴۰۴/۰۱/۰۱"


def test_jdatetime() -> None:
    moment = datetime(2025, 3, 21, 10, 5, tzinfo=UTC)
    assert render("{{ t|jdatetime }}", t=moment) == "۱۴۰۴/۰۱/۰۱ ۱۳:۳۵"


def test_rials_and_toman() -> None:
    assert render("{{ a|rials }}", a=1_250_000) == "۱٬۲۵۰٬۰۰۰ ریال"
    assert render("{{ a|toman }}", a=1_250_000) == "۱۲۵٬۰۰۰ تومان"


def test_reltime() -> None:
    now = timezone.now()
    # A little slack either side: rendering takes time and counts are rounded down.
    past = now - timedelta(minutes=5, seconds=20)
    future = now + timedelta(days=2, hours=1)
    assert render("{{ t|reltime }}", t=past) == "۵ دقیقه پیش"
    assert render("{{ t|reltime }}", t=future) == "۲ روز دیگر"


def test_reltime_of_a_date() -> None:
    today = tehran_today()
    assert render("{{ d|reltime }}", d=today) == "امروز"
    assert render("{{ d|reltime }}", d=today - timedelta(days=3)) == "۳ روز پیش"


@pytest.mark.parametrize("name", ["fa_digits", "jdate", "jdatetime", "rials", "toman", "reltime"])
def test_every_filter_renders_none_as_empty(name: str) -> None:
    assert render("{{ v|" + name + " }}", v=None) == ""
    assert render("{{ missing|" + name + " }}") == ""


NAIVE = datetime(2025, 3, 21, 10, 0)  # noqa: DTZ001 - filters must not crash on one


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("jdate", NAIVE),
        ("jdate", "1404/01/01"),
        ("jdatetime", NAIVE),
        ("jdatetime", date(2025, 3, 21)),
        ("reltime", NAIVE),
        ("reltime", 5),
        ("rials", 1.5),
        ("rials", "1000"),
        ("rials", True),
        ("toman", 1.5),
    ],
)
def test_filters_render_wrong_types_as_empty_instead_of_failing(name: str, value: object) -> None:
    assert render("{{ v|" + name + " }}", v=value) == ""


def test_filters_are_plain_functions_too() -> None:
    assert filters.jdate(date(2025, 3, 21)) == "۱۴۰۴/۰۱/۰۱"
    assert filters.jdatetime_filter(None) == ""
    assert filters.fa_digits(None) == ""
