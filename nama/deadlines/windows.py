"""When a deadline counts as "due soon" (ADR 0028), on the working-day calendar.

A deadline is due soon at ``now`` when it falls within the next ``days`` working days, the
working day under way counting as the first (after closing time, or on a closed day, the next
working day is the first). With ``days = 1`` a reminder goes out once only the deadline's own
working day is left: at the closing time of the working day before it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from nama.workflow.calendar import WorkingCalendar, calendar_for


def reminder_days() -> int:
    """``NAMA_DEADLINE_REMINDER_WORKING_DAYS``: 0 turns reminders off."""
    return max(int(settings.NAMA_DEADLINE_REMINDER_WORKING_DAYS), 0)


def due_soon_horizon(
    now: datetime, days: int, calendar: WorkingCalendar | None = None
) -> datetime | None:
    """Deadlines after ``now`` and at or before this moment are due soon (None: ``days`` < 1).

    ``add_working_days(now, 0)`` is the closing time of ``now``'s received day, i.e. the
    first of the ``days`` working days; each further day adds one.
    """
    if days < 1:
        return None
    calendar = calendar or calendar_for(now, days)
    return calendar.add_working_days(now, days - 1)
