"""Working days in Asia/Tehran: deadlines and elapsed working days (docs/architecture.md,
section "Working-day calendar").

Rules, in Tehran local time:

- A day is worth 1 (full), ½ (half) or 0 (closed). Friday is 0. Saturday–Wednesday are 1.
  Thursday follows the ``WorkingWeek`` rule in force that day (working 1, half ½, closed 0).
  An active ``Closure`` of kind holiday or closure makes the day 0; a half-day closure caps it
  at ½. A full day ends at ``closes_at`` (14:00 by default), a half day at
  ``half_day_closes_at`` (12:00).
- The *received day* of a moment is its own day if that is a working day and the moment is
  before its closing time, otherwise the next working day: what arrives after hours or on a
  closed day is received when offices next open.
- ``add_working_days(start, n)``: the received day does not count. The deadline is the closing
  time of the first working day at which the working days after the received day add up to at
  least ``n`` (two half days make one). ``n = 0`` gives the received day's closing time.
- ``working_days_between(a, b)``: the working days, after ``a``'s received day, whose closing
  time is at or before ``b``, summed and rounded down; negative when ``b`` is before ``a``.
  So ``working_days_between(s, add_working_days(s, n)) == n`` for every ``s`` and ``n >= 0``.

Reads go through a ``WorkingCalendar``: one query for the week rules and one for the closures
of the range it covers. Make one per request or batch and reuse it for many deadlines; never
keep one across requests, since administrators edit the data.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import holidays
import jdatetime
from django.db import transaction
from django.db.models import Q

from nama.core.jalali import TEHRAN, tehran_time
from nama.core.locks import lock_for_transaction
from nama.workflow.models.calendar import (
    DEFAULT_CLOSES_AT,
    DEFAULT_HALF_DAY_CLOSES_AT,
    DEFAULT_OPENS_AT,
    Closure,
    ClosureKind,
    ClosureSource,
    ThursdayRule,
    WorkingWeek,
)

# Values are counted in half days so that arithmetic stays in integers.
FULL: Final = 2
HALF: Final = 1
# Python counts Monday = 0 (jdatetime counts Saturday = 0; we only use Python's here).
THURSDAY: Final = 3
FRIDAY: Final = 4
# Give up looking for a working day after this many closed days in a row (bad data).
MAX_CLOSED_RUN: Final = 400
ONE_DAY: Final = timedelta(days=1)
MIN_GROWTH: Final = timedelta(days=31)
TITLE_LENGTH: Final = Closure._meta.get_field("title").max_length or 200
_THURSDAY_UNITS: Final = {
    ThursdayRule.WORKING: FULL,
    ThursdayRule.HALF: HALF,
    ThursdayRule.CLOSED: 0,
}
_CLOSED_KINDS: Final = frozenset({ClosureKind.HOLIDAY, ClosureKind.CLOSURE})


@dataclass(frozen=True)
class WeekRule:
    """A ``WorkingWeek`` row as plain data."""

    effective_from: date
    thursday: str
    opens_at: time
    closes_at: time
    half_day_closes_at: time


DEFAULT_RULE: Final = WeekRule(
    date.min, ThursdayRule.CLOSED, DEFAULT_OPENS_AT, DEFAULT_CLOSES_AT, DEFAULT_HALF_DAY_CLOSES_AT
)


class WorkingCalendar:
    """The week rules and the closures of a date range, loaded once, then computed in memory.

    Asked about a day outside its range, it loads the missing stretch (doubling the range, so a
    long walk costs a few queries, not one per day).
    """

    def __init__(self, first: date, last: date) -> None:
        rules = WorkingWeek.objects.order_by("effective_from").values_list(
            "effective_from", "thursday", "opens_at", "closes_at", "half_day_closes_at"
        )
        self._rules = [WeekRule(*row) for row in rules] or [DEFAULT_RULE]
        self._starts = [rule.effective_from for rule in self._rules]
        self._closures: dict[date, str] = {}
        self._first, self._last = first, max(first, last)
        self._load(self._first, self._last)

    # -- days ---------------------------------------------------------------------------------

    def rule_for(self, d: date) -> WeekRule:
        """The week rule in force on ``d`` (before the first rule, the first rule)."""
        index = bisect.bisect_right(self._starts, d) - 1
        return self._rules[max(index, 0)]

    def units(self, d: date) -> int:
        """The day's value in half days: 0, 1 or 2."""
        if d.weekday() == FRIDAY:
            return 0
        units = FULL
        if d.weekday() == THURSDAY:
            units = _THURSDAY_UNITS[ThursdayRule(self.rule_for(d).thursday)]
        kind = self._closure_kind(d)
        if kind in _CLOSED_KINDS:
            return 0
        return min(units, HALF) if kind == ClosureKind.HALF_DAY else units

    def is_working_day(self, d: date) -> bool:
        return self.units(_local_date(d)) > 0

    def working_day_value(self, d: date) -> float:
        """1.0 for a full working day, 0.5 for a half day, 0.0 for a closed day."""
        return self.units(_local_date(d)) / FULL

    def closing_time(self, d: date) -> datetime | None:
        """When offices close on ``d`` (aware, Tehran), or None if they do not open."""
        d = _local_date(d)
        units = self.units(d)
        if not units:
            return None
        rule = self.rule_for(d)
        closes = rule.closes_at if units == FULL else rule.half_day_closes_at
        return datetime.combine(d, closes, tzinfo=TEHRAN)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        day = _local_date(d)
        for _ in range(MAX_CLOSED_RUN):
            day += ONE_DAY
            if self.units(day):
                return day
        raise ValueError(f"No working day within {MAX_CLOSED_RUN} days after {d}.")

    def received_day(self, moment: datetime) -> date:
        """The working day on which something arriving at ``moment`` counts as received."""
        local = tehran_time(moment)
        closes = self.closing_time(local.date())
        if closes is not None and local < closes:
            return local.date()
        return self.next_working_day(local.date())

    # -- deadlines ----------------------------------------------------------------------------

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The deadline ``days`` working days after ``start`` (see the module docstring)."""
        if days < 0:
            raise ValueError("days must be zero or more.")
        day = self.received_day(start)
        owed = days * FULL
        while owed > 0:
            day = self.next_working_day(day)
            owed -= self.units(day)
        return _closing(self, day)

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Whole working days elapsed from ``a`` to ``b`` (see the module docstring)."""
        if tehran_time(b) < tehran_time(a):
            return -self.working_days_between(b, a)
        day, last = self.received_day(a), tehran_time(b).date()
        self._cover(day, last)
        units = 0
        while day < last:
            day += ONE_DAY
            closes = self.closing_time(day)
            units += self.units(day) if closes is not None and closes <= b else 0
        return units // FULL

    # -- loading ------------------------------------------------------------------------------

    def _closure_kind(self, d: date) -> str | None:
        if not self._first <= d <= self._last:
            self._cover(d, d)
        return self._closures.get(d)

    def _cover(self, first: date, last: date) -> None:
        # Grow by at least the span already loaded: a long walk costs a few queries.
        grow = max(self._last - self._first, MIN_GROWTH)
        if first < self._first:
            first = min(first, self._first - grow)
            self._load(first, self._first - ONE_DAY)
            self._first = first
        if last > self._last:
            last = max(last, self._last + grow)
            self._load(self._last + ONE_DAY, last)
            self._last = last

    def _load(self, first: date, last: date) -> None:
        rows = Closure.objects.filter(is_active=True, date__range=(first, last))
        self._closures.update(rows.values_list("date", "kind"))


def horizon(days: int) -> timedelta:
    """Calendar days that almost always hold ``days`` working days (Nowruz and all)."""
    return timedelta(days=2 * days + 31)


def calendar_for(start: date | datetime, days: int = 0) -> WorkingCalendar:
    """A calendar covering ``start`` and the next ``days`` working days (two queries)."""
    first = _local_date(start)
    return WorkingCalendar(first, first + horizon(days))


def add_working_days(start: datetime, days: int) -> datetime:
    """The deadline ``days`` working days after ``start``: an aware Tehran datetime at the
    closing time of a working day. The received day does not count; ``days=0`` gives the
    received day's closing time. Naive ``start`` or negative ``days`` raise ``ValueError``."""
    return calendar_for(tehran_time(start), days).add_working_days(start, days)


def working_days_between(a: datetime, b: datetime) -> int:
    """Whole working days from ``a`` to ``b``: those after ``a``'s received day that have
    closed by ``b``. Inverse of ``add_working_days``; negative if ``b`` is before ``a``."""
    first, last = sorted((tehran_time(a), tehran_time(b)))
    return WorkingCalendar(first.date(), last.date() + ONE_DAY).working_days_between(a, b)


def is_working_day(d: date) -> bool:
    """Whether offices open on ``d`` (a full or half working day)."""
    return calendar_for(d).is_working_day(d)


def working_day_value(d: date) -> float:
    """What ``d`` counts for: 1.0 full, 0.5 half, 0.0 closed."""
    return calendar_for(d).working_day_value(d)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    return calendar_for(d, 2).next_working_day(d)


def _closing(calendar: WorkingCalendar, d: date) -> datetime:
    closes = calendar.closing_time(d)
    if closes is None:  # pragma: no cover - callers pass working days only
        raise AssertionError(f"{d} is not a working day.")
    return closes


def _local_date(d: date) -> date:
    return tehran_time(d).date() if isinstance(d, datetime) else d


# -- official holidays (writes) -----------------------------------------------------------------


@dataclass(frozen=True)
class HolidayLoad:
    """What ``load_official_holidays`` did, in rows."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0


def jalali_year_span(year: int) -> tuple[date, date]:
    """First and last Gregorian dates of Jalali ``year``."""
    first: date = jdatetime.date(year, 1, 1).togregorian()
    after: date = jdatetime.date(year + 1, 1, 1).togregorian()
    return first, after - ONE_DAY


def official_holidays(year: int) -> dict[date, str]:
    """Iran's official holidays in Jalali ``year`` from the ``holidays`` package, Persian titles.

    Lunar holidays are the package's estimates (marked «تخمینی» past its confirmed years).
    """
    first, last = jalali_year_span(year)
    table = holidays.country_holidays(
        "IR", years=range(first.year, last.year + 1), language="fa_IR"
    )
    titles = {d: "، ".join(table.get_list(d)) for d in sorted(table) if first <= d <= last}
    return {d: title[:TITLE_LENGTH] for d, title in titles.items()}


def load_official_holidays(*, jalali_year: int, models: Any = None) -> HolidayLoad:
    """Make the package's holidays of ``jalali_year`` closures; idempotent, in one transaction.

    Rows an administrator saved (source ``admin``) and dates an administrator already uses are
    kept as they are; rows still owned by the package follow it (title updated, dropped when
    the package no longer lists their date). ``models`` lets a data migration pass its
    historical models (an object with a ``Closure`` attribute).
    """
    model = Closure if models is None else models.Closure
    wanted = official_holidays(jalali_year)
    first, last = jalali_year_span(jalali_year)
    with transaction.atomic():
        lock_for_transaction("workflow.load_official_holidays")
        rows = list(
            model.objects.filter(Q(date__range=(first, last)) | Q(origin_date__range=(first, last)))
        )
        result = _apply_holidays(model, rows, wanted)
        stale = [
            row.pk
            for row in rows
            if row.source == ClosureSource.HOLIDAYS_PACKAGE
            and row.origin_date is not None
            and first <= row.origin_date <= last
            and row.origin_date not in wanted
        ]
        model.objects.filter(pk__in=stale).delete()
    return HolidayLoad(result.created, result.updated, len(stale), result.kept)


def _apply_holidays(model: Any, rows: Iterable[Any], wanted: Mapping[date, str]) -> HolidayLoad:
    by_origin = {row.origin_date: row for row in rows if row.origin_date is not None}
    taken = {row.date for row in rows}
    created = updated = kept = 0
    for day, title in wanted.items():
        row = by_origin.get(day)
        edited = row is not None and row.source == ClosureSource.ADMIN
        if edited or (row is None and day in taken):
            kept += 1
        elif row is None:
            model.objects.create(
                date=day,
                origin_date=day,
                title=title,
                kind=ClosureKind.HOLIDAY,
                source=ClosureSource.HOLIDAYS_PACKAGE,
            )
            created += 1
        elif (row.title, row.kind) != (title, ClosureKind.HOLIDAY):
            row.title, row.kind = title, ClosureKind.HOLIDAY
            row.save(update_fields=["title", "kind", "updated_at"])
            updated += 1
    return HolidayLoad(created=created, updated=updated, kept=kept)
