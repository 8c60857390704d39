"""Which two-hour slots a request's visit may be booked in, and which inspector and seat take it.

Rules (ADR 0026), in Tehran time:

- Slots are 08–10, 10–12, 12–14, 14–16 and 16–18 on working days of the workflow calendar
  (Friday, holidays and closures excluded); on a half working day only the slots that end by
  the half-day closing time (12:00).
- The earliest day is the ``NAMA_VISIT_EARLIEST_WORKING_DAYS``-th working day after today
  (today never counts, whatever the hour); the last is ``NAMA_VISIT_WINDOW_DAYS`` calendar days
  after today.
- The inspectors are the active staff holding ``visit_agent`` in the request's district; each
  has ``NAMA_VISIT_CAPACITY_PER_SLOT`` seats per slot. A slot is offered while some inspector
  has a free seat in it.
- A booking takes the least-loaded free inspector of that day (fewest visits that day, then the
  oldest account) and their lowest free seat. The seat is what the database's unique constraint
  guards, so two bookings racing for the last seat cannot both win.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from nama.accounts.authz import staff_with_role
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.core.jalali import TEHRAN, tehran_time
from nama.core.text import to_persian_digits
from nama.districts.models import District
from nama.visits import constants
from nama.visits.models import Visit, VisitStatus
from nama.workflow.calendar import WorkingCalendar

ONE_DAY = timedelta(days=1)
TAKING_SEATS = (VisitStatus.BOOKED, VisitStatus.DONE)


@dataclass(frozen=True)
class Slot:
    """One two-hour slot and how many seats are still free in it (over all inspectors)."""

    starts_at: datetime
    ends_at: datetime
    free: int

    @property
    def available(self) -> bool:
        return self.free > 0


@dataclass(frozen=True)
class SlotDay:
    day: date
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Offer:
    """The slots offered for one request; ``message`` says why nothing is free (else "")."""

    days: tuple[SlotDay, ...]
    message: str = ""

    def slot_at(self, starts_at: datetime) -> Slot | None:
        """The offered slot starting at ``starts_at`` (any time zone), or None."""
        return next(
            (slot for day in self.days for slot in day.slots if slot.starts_at == starts_at),
            None,
        )


@dataclass
class Occupancy:
    """The seats inspectors have taken in a range of days."""

    seats: dict[tuple[int, datetime], set[int]] = field(default_factory=lambda: defaultdict(set))
    load: Counter[tuple[int, date]] = field(default_factory=Counter)

    def free_seats(self, inspector_id: int, starts_at: datetime, capacity: int) -> list[int]:
        taken = self.seats.get((inspector_id, starts_at), set())
        return [seat for seat in range(capacity) if seat not in taken]


def capacity() -> int:
    return max(int(settings.NAMA_VISIT_CAPACITY_PER_SLOT), 1)


def inspectors_for(district: District) -> QuerySet[User]:
    """Active staff holding ``visit_agent`` in ``district``, oldest account first."""
    return staff_with_role(StaffRole.VISIT_AGENT, district).order_by("pk")


def visit_days(today: date, calendar: WorkingCalendar) -> list[date]:
    """The working days on which a visit may be booked, counted from ``today``."""
    earliest = today
    for _ in range(max(int(settings.NAMA_VISIT_EARLIEST_WORKING_DAYS), 0)):
        earliest = calendar.next_working_day(earliest)
    last = today + timedelta(days=int(settings.NAMA_VISIT_WINDOW_DAYS))
    days, day = [], earliest
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += ONE_DAY
    return days


def slot_times(day: date, calendar: WorkingCalendar) -> list[tuple[datetime, datetime]]:
    """The (start, end) of each slot of ``day``; on a half day, those ending by its close."""
    closes = calendar.closing_time(day)
    half = calendar.working_day_value(day) < 1
    times = []
    for hour in constants.SLOT_STARTS:
        start = datetime.combine(day, time(hour), tzinfo=TEHRAN)
        end = start + timedelta(hours=constants.SLOT_HOURS)
        if half and closes is not None and end > closes:
            continue
        times.append((start, end))
    return times


def occupancy(
    inspector_ids: Iterable[int], first: date, last: date, *, exclude: Visit | None = None
) -> Occupancy:
    """Seats taken by booked or done visits of the inspectors from ``first`` to ``last``."""
    rows = Visit.objects.filter(
        inspector_id__in=list(inspector_ids),
        status__in=TAKING_SEATS,
        starts_at__gte=datetime.combine(first, time(0), tzinfo=TEHRAN),
        starts_at__lt=datetime.combine(last + ONE_DAY, time(0), tzinfo=TEHRAN),
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    taken = Occupancy()
    for inspector_id, starts_at, seat in rows.values_list("inspector_id", "starts_at", "seat"):
        taken.seats[(inspector_id, starts_at)].add(seat)
        taken.load[(inspector_id, tehran_time(starts_at).date())] += 1
    return taken


def offer(
    district: District, *, now: datetime | None = None, replacing: Visit | None = None
) -> Offer:
    """The slots offered in ``district`` at ``now``; ``replacing``: a visit being moved (its
    seat counts as free)."""
    moment = tehran_time(now or timezone.now())
    today = moment.date()
    calendar = WorkingCalendar(today, today + timedelta(days=settings.NAMA_VISIT_WINDOW_DAYS + 1))
    inspectors = [user.pk for user in inspectors_for(district)]
    days = visit_days(today, calendar)
    if not inspectors:
        return Offer((), constants.NO_INSPECTORS.format(district=district.name))
    window = str(settings.NAMA_VISIT_WINDOW_DAYS)
    if not days:
        return Offer((), to_persian_digits(constants.NO_WORKING_DAYS.format(days=window)))
    taken = occupancy(inspectors, days[0], days[-1], exclude=replacing)
    result = tuple(_day(day, calendar, moment, inspectors, taken) for day in days)
    result = tuple(day for day in result if day.slots)
    if not any(slot.available for day in result for slot in day.slots):
        return Offer(result, to_persian_digits(constants.ALL_TAKEN.format(days=window)))
    return Offer(result)


def _day(
    day: date,
    calendar: WorkingCalendar,
    now: datetime,
    inspectors: Sequence[int],
    taken: Occupancy,
) -> SlotDay:
    seats = capacity()
    slots = tuple(
        Slot(start, end, sum(len(taken.free_seats(i, start, seats)) for i in inspectors))
        for start, end in slot_times(day, calendar)
        if start > now
    )
    return SlotDay(day, slots)


def pick_seat(
    inspectors: Sequence[User],
    taken: Occupancy,
    starts_at: datetime,
    *,
    prefer: User | None = None,
) -> tuple[User, int] | None:
    """The inspector and seat a booking at ``starts_at`` takes: ``prefer`` if they have a free
    seat, otherwise the least-loaded free inspector of the day; None when the slot is full."""
    seats = capacity()
    day = tehran_time(starts_at).date()
    free = [user for user in inspectors if taken.free_seats(user.pk, starts_at, seats)]
    if not free:
        return None
    chosen = next((user for user in free if prefer is not None and user.pk == prefer.pk), None)
    if chosen is None:
        chosen = min(free, key=lambda user: (taken.load[(user.pk, day)], user.pk))
    return chosen, taken.free_seats(chosen.pk, starts_at, seats)[0]
