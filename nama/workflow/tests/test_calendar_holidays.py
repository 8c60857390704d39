"""Official holidays from the `holidays` package: `nama load_holidays --year 1405` and the data
migration. Loading is idempotent and never overwrites what an administrator edited.

Jalali 1405 runs from 2026-03-21 (1405/01/01) to 2027-03-20 (1405/12/29).
"""

from __future__ import annotations

import importlib
from datetime import date, time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from nama.core.jalali import tehran_today, to_jalali
from nama.workflow.calendar import (
    jalali_year_span,
    load_official_holidays,
    official_holidays,
)
from nama.workflow.models.calendar import (
    Closure,
    ClosureKind,
    ClosureSource,
    ThursdayRule,
    WorkingWeek,
)

pytestmark = pytest.mark.django_db

seed = importlib.import_module("nama.workflow.migrations.0002_working_calendar_defaults")


@pytest.fixture(autouse=True)
def no_closures() -> None:
    Closure.objects.all().delete()


def load_1405() -> str:
    out = StringIO()
    call_command("load_holidays", "--year", "1405", stdout=out)
    return out.getvalue()


def test_the_package_knows_the_fixed_holidays_of_1405_in_persian() -> None:
    holidays = official_holidays(1405)

    assert "نوروز" in holidays[date(2026, 3, 21)]  # 1405/01/01
    for day in (22, 23, 24):  # 1405/01/02–04
        assert "نوروز" in holidays[date(2026, 3, day)]
    assert holidays[date(2026, 4, 1)] == "روز جمهوری اسلامی"  # 1405/01/12
    assert holidays[date(2026, 4, 2)] == "روز طبیعت"  # 1405/01/13
    assert "خمینی" in holidays[date(2026, 6, 4)]  # 1405/03/14
    assert holidays[date(2026, 6, 5)] == "قیام 15 خرداد"  # 1405/03/15
    assert holidays[date(2027, 2, 11)] == "پیروزی انقلاب اسلامی"  # 1405/11/22
    assert holidays[date(2027, 3, 20)] == "روز ملی شدن صنعت نفت ایران"  # 1405/12/29
    # Lunar holidays are there too; past the package's confirmed years they are estimates.
    assert holidays[date(2026, 6, 25)] == "عاشورای حسینی"  # 1405/04/04
    assert "(تخمینی)" in holidays[date(2027, 3, 10)]  # Eid al-Fitr, 1405/12/19
    # Only the Jalali year's own days: 1404/12/29 (2026-03-20) belongs to 1404.
    assert min(holidays) == date(2026, 3, 21)
    assert max(holidays) <= date(2027, 3, 20)
    assert 24 <= len(holidays) <= 32


def test_a_day_with_two_holidays_is_one_row_with_both_titles() -> None:
    # 1405/03/14 (2026-06-04): Khomeini's death and Eid al-Ghadir fall on the same day.
    assert official_holidays(1405)[date(2026, 6, 4)] == "رحلت حضرت امام خمینی، عید سعید غدیر خم"


def test_the_jalali_year_spans_its_gregorian_dates() -> None:
    assert jalali_year_span(1405) == (date(2026, 3, 21), date(2027, 3, 20))
    assert jalali_year_span(1403) == (date(2024, 3, 20), date(2025, 3, 20))  # leap: 30 Esfand


def test_loading_a_year_creates_holiday_closures() -> None:
    output = load_1405()

    rows = Closure.objects.all()
    assert rows.count() == len(official_holidays(1405))
    assert f"{rows.count()} created" in output
    nowruz = Closure.objects.get(date=date(2026, 3, 21))
    assert nowruz.kind == ClosureKind.HOLIDAY
    assert nowruz.source == ClosureSource.HOLIDAYS_PACKAGE
    assert nowruz.origin_date == nowruz.date
    assert nowruz.is_active


def test_loading_twice_changes_nothing() -> None:
    load_1405()
    before = list(Closure.objects.values_list("date", "title", "kind", "source", "updated_at"))

    output = load_1405()

    assert "0 created, 0 updated, 0 removed, 0 kept" in output
    assert list(Closure.objects.values_list("date", "title", "kind", "source", "updated_at")) == (
        before
    )


def test_reloading_leaves_what_administrators_edited() -> None:
    load_1405()
    # Eid al-Adha moved by a day, Ashura renamed, 13 Farvardin cancelled: all by admins.
    Closure.objects.filter(date=date(2026, 5, 27)).update(
        date=date(2026, 5, 28), source=ClosureSource.ADMIN
    )
    Closure.objects.filter(date=date(2026, 6, 25)).update(
        title="عاشورا", source=ClosureSource.ADMIN
    )
    Closure.objects.filter(date=date(2026, 4, 2)).update(
        is_active=False, source=ClosureSource.ADMIN
    )
    # An ad-hoc closure an admin put on a day the package also lists.
    Closure.objects.filter(date=date(2026, 8, 4)).delete()
    Closure.objects.create(date=date(2026, 8, 4), title="آلودگی هوا", kind=ClosureKind.CLOSURE)
    count = Closure.objects.count()

    result = load_official_holidays(jalali_year=1405)

    assert (result.created, result.updated, result.removed, result.kept) == (0, 0, 0, 4)
    assert Closure.objects.count() == count
    assert not Closure.objects.filter(date=date(2026, 5, 27)).exists()  # not brought back
    assert Closure.objects.get(date=date(2026, 6, 25)).title == "عاشورا"
    assert not Closure.objects.get(date=date(2026, 4, 2)).is_active
    assert Closure.objects.get(date=date(2026, 8, 4)).kind == ClosureKind.CLOSURE


def test_rows_still_owned_by_the_package_follow_it() -> None:
    load_1405()
    # As if an older package version had another title and a lunar date the new one dropped.
    Closure.objects.filter(date=date(2026, 3, 21)).update(title="نوروز")
    Closure.objects.create(
        date=date(2026, 7, 1),
        origin_date=date(2026, 7, 1),
        title="برآورد قدیمی",
        kind=ClosureKind.HOLIDAY,
        source=ClosureSource.HOLIDAYS_PACKAGE,
    )

    result = load_official_holidays(jalali_year=1405)

    assert (result.created, result.updated, result.removed) == (0, 1, 1)
    assert Closure.objects.get(date=date(2026, 3, 21)).title != "نوروز"
    assert not Closure.objects.filter(date=date(2026, 7, 1)).exists()


def test_loading_one_year_leaves_the_others_alone() -> None:
    load_official_holidays(jalali_year=1404)
    count_1404 = Closure.objects.count()

    load_1405()
    load_official_holidays(jalali_year=1404)

    assert Closure.objects.filter(date__lt=date(2026, 3, 21)).count() == count_1404


def test_without_a_year_the_command_loads_this_year_and_the_next() -> None:
    year = int(to_jalali(tehran_today()).year)
    out = StringIO()

    call_command("load_holidays", stdout=out)

    assert out.getvalue().startswith(f"{year} (")
    assert f"\n{year + 1} (" in out.getvalue()


def test_an_absurd_year_is_refused() -> None:
    with pytest.raises(CommandError, match="1300–1500"):
        call_command("load_holidays", "--year", "2026")
    assert not Closure.objects.exists()


def test_the_data_migration_sets_the_defaults() -> None:
    WorkingWeek.objects.all().delete()

    seed.seed_calendar(apps, None)
    seed.seed_calendar(apps, None)  # idempotent

    rule = WorkingWeek.objects.get()
    assert rule.thursday == ThursdayRule.CLOSED
    assert (rule.opens_at, rule.closes_at, rule.half_day_closes_at) == (
        time(7, 30),
        time(14, 0),
        time(12, 0),
    )
    year = int(to_jalali(tehran_today()).year)
    first, _ = jalali_year_span(year)
    _, last = jalali_year_span(year + 1)
    expected = len(official_holidays(year)) + len(official_holidays(year + 1))
    assert Closure.objects.filter(date__range=(first, last)).count() == expected


@pytest.mark.django_db
def test_the_periodic_job_keeps_this_and_next_years_holidays_loaded() -> None:
    from nama.workflow.models import Closure
    from nama.workflow.tasks import load_upcoming_holidays

    Closure.objects.all().delete()
    load_upcoming_holidays.call()
    assert Closure.objects.filter(title__contains="نوروز").count() >= 4
