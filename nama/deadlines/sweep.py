"""The periodic deadline sweep: overdue requests first, then reminders, in bounded batches.

Candidates are read in keyset pages of (deadline, id) so that a request skipped this time (held
by another transaction, or failing) never stalls the rest; each one is then handled in its own
transaction by ``nama.deadlines.services``. A run handles at most ``limit`` requests per kind;
what is left waits for the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from nama.cases.models import Case
from nama.deadlines.services import Outcome, mark_overdue, remind
from nama.deadlines.windows import due_soon_horizon, reminder_days
from nama.workflow.roles import ACTOR_ROLES

logger = logging.getLogger(__name__)
BATCH_SIZE = 200
LIMIT = 5000
# Every role that acts in a state (drafts and finished requests have none): the first column
# of the deadline index, so each role is one range scan on the deadline.
ACTING_ROLES = sorted(ACTOR_ROLES)


@dataclass
class SweepResult:
    """How many requests one sweep reminded, marked overdue, escalated, took back."""

    reminded: int = 0
    overdue: int = 0
    escalated: int = 0
    taken_back: int = 0
    failed: int = 0

    def count(self, outcome: Outcome | None) -> None:
        if outcome is None:
            return
        self.overdue += 1
        self.escalated += outcome != Outcome.APPLICANT
        self.taken_back += outcome == Outcome.TAKEN_BACK


def overdue_candidates(now: datetime) -> QuerySet[Case]:
    """Requests whose current state's deadline has passed and that are not marked yet."""
    return Case.objects.filter(
        queue_role__in=ACTING_ROLES, state_due_at__lt=now, overdue_since__isnull=True
    )


def reminder_candidates(now: datetime, horizon: datetime) -> QuerySet[Case]:
    """Requests whose deadline is due soon and who were not reminded in this state."""
    return Case.objects.filter(
        queue_role__in=ACTING_ROLES,
        state_due_at__gt=now,
        state_due_at__lte=horizon,
        reminded_at__isnull=True,
        overdue_since__isnull=True,
    )


def batched(cases: QuerySet[Case], size: int, limit: int) -> Iterator[int]:
    """The ids of ``cases`` by deadline, ``size`` per query, at most ``limit`` in all."""
    after: tuple[datetime, int] | None = None
    given = 0
    while given < limit:
        page = cases.order_by("state_due_at", "pk")
        if after is not None:
            due, pk = after
            page = page.filter(Q(state_due_at__gt=due) | Q(state_due_at=due, pk__gt=pk))
        rows = list(page.values_list("state_due_at", "pk")[: min(size, limit - given)])
        for _due, pk in rows:
            yield pk
        given += len(rows)
        last_due, last_pk = rows[-1] if rows else (None, 0)
        if len(rows) < size or last_due is None:
            return
        after = (last_due, last_pk)


def sweep(
    *, now: datetime | None = None, batch_size: int = BATCH_SIZE, limit: int = LIMIT
) -> SweepResult:
    """One pass over every open request's deadline (idempotent: a second pass at the same
    moment does nothing). ``now`` is for operators' reruns and tests."""
    now = now or timezone.now()
    result = SweepResult()
    for pk in batched(overdue_candidates(now), batch_size, limit):
        _mark_overdue(result, pk, now)
    horizon = due_soon_horizon(now, reminder_days())
    if horizon is None:
        return result
    for pk in batched(reminder_candidates(now, horizon), batch_size, limit):
        _remind(result, pk, now, horizon)
    return result


# One request's failure is logged and retried next run; the others go on.


def _mark_overdue(result: SweepResult, pk: int, now: datetime) -> None:
    try:
        result.count(mark_overdue(pk, now=now))
    except Exception:
        logger.exception("deadline sweep: marking request %s overdue failed", pk)
        result.failed += 1


def _remind(result: SweepResult, pk: int, now: datetime, horizon: datetime) -> None:
    try:
        result.reminded += remind(pk, now=now, horizon=horizon)
    except Exception:
        logger.exception("deadline sweep: reminding about request %s failed", pk)
        result.failed += 1
