"""What overseers read: open, overdue and due-soon requests per district, per state and per
holder, and the list of overdue staff work (a constant number of queries, whatever the rows).

"Overdue" and "due soon" are computed from the deadline and the clock, not from the sweep's
marks, so the page is right even when the sweep is late.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.constants import CaseStatus
from nama.cases.models import Case
from nama.core.jalali import tehran_time
from nama.core.problems import ForbiddenError
from nama.deadlines.wording import overdue_phrase
from nama.districts.models import District
from nama.workflow.calendar import WorkingCalendar
from nama.workflow.engine import definition_of
from nama.workflow.models import WorkflowDefinition
from nama.workflow.roles import APPLICANT, ROLE_LABELS, STAFF_ROLES

OPEN = Q(status__in=[CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_APPLICANT])
STAFF_STEP = Q(queue_role__in=sorted(STAFF_ROLES))
PAGE_SIZE = 50
Sort = Literal["oldest", "newest"]
NOT_YOURS = "مهلت‌های این منطقه را فقط مدیر همان منطقه یا مدیریت شهری می‌بیند."


@dataclass(frozen=True)
class Window:
    """The moment of the reading and the end of the due-soon window."""

    now: datetime
    horizon: datetime

    def counts(self, extra: Q | None = None) -> dict[str, Count]:
        """Aggregates: open requests, and overdue / due-soon ones (``extra`` narrows those)."""
        narrow = extra or Q()
        return {
            "open": Count("pk"),
            "overdue": Count("pk", filter=narrow & Q(state_due_at__lt=self.now)),
            "due_soon": Count(
                "pk",
                filter=narrow & Q(state_due_at__gte=self.now, state_due_at__lte=self.horizon),
            ),
        }


@dataclass(frozen=True)
class DistrictRow:
    district: District
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    applicant_late: int = 0  # waiting for the applicant past their deadline


@dataclass(frozen=True)
class StateRow:
    label: str
    role: str
    open: int
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class HolderRow:
    holder: User | None  # None: the shared queue
    open: int
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class OverdueRow:
    case: Case
    step: str
    overdue_for: str


def _rows(values: Any) -> list[dict[str, Any]]:
    """A grouped ``values()`` query's rows as plain dicts (their keys come from ``annotate``)."""
    return [dict(row) for row in values]


def check_district(user: User, district: District) -> None:
    """Refuse (403) a district the user does not oversee."""
    if not can(user, "deadlines.view_district", district):
        raise ForbiddenError(NOT_YOURS, code="not_an_overseer")


def district_rows(districts: list[District], window: Window) -> list[DistrictRow]:
    """Counts per district (staff work only for overdue and due soon), in the given order."""
    rows = _rows(
        Case.objects.filter(OPEN, district__in=districts)
        .values("district_id")
        .annotate(
            **window.counts(STAFF_STEP),
            applicant_late=Count("pk", filter=Q(queue_role=APPLICANT, state_due_at__lt=window.now)),
        )
    )
    found = {row.pop("district_id"): row for row in rows}
    return [DistrictRow(district, **found.get(district.pk, {})) for district in districts]


def state_rows(district: District, window: Window) -> list[StateRow]:
    """Counts per workflow state (labels from each request's workflow version), most
    overdue first."""
    rows = _rows(
        Case.objects.filter(OPEN, district=district, workflow__isnull=False)
        .values("workflow__definition_id", "workflow__state", "queue_role")
        .annotate(**window.counts())
    )
    versions = WorkflowDefinition.objects.filter(
        pk__in={row["workflow__definition_id"] for row in rows}
    )
    definitions = {version.pk: definition_of(version) for version in versions}
    merged: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        label = definitions[row["workflow__definition_id"]].state(row["workflow__state"]).label
        totals = merged[(label, ROLE_LABELS.get(row["queue_role"], row["queue_role"]))]
        for index, name in enumerate(("open", "overdue", "due_soon")):
            totals[index] += row[name]
    states = [StateRow(label, role, *totals) for (label, role), totals in merged.items()]
    return sorted(states, key=lambda row: (-row.overdue, -row.open, row.label))


def holder_rows(district: District, window: Window) -> list[HolderRow]:
    """Counts of staff work per holder (the shared queue first), most overdue first."""
    rows = _rows(
        Case.objects.filter(OPEN, STAFF_STEP, district=district)
        .values("holder_id")
        .annotate(**window.counts())
    )
    people = User.objects.in_bulk({row["holder_id"] for row in rows} - {None})
    holders = [
        HolderRow(people.get(row["holder_id"]), row["open"], row["overdue"], row["due_soon"])
        for row in rows
    ]
    return sorted(holders, key=lambda row: (row.holder is not None, -row.overdue, -row.open))


def overdue_cases(district: District, now: datetime, sort: Sort = "oldest") -> QuerySet[Case]:
    """Staff work of the district past its state's deadline, longest overdue first
    (``newest``: most recently overdue first)."""
    order = ("state_due_at", "pk") if sort == "oldest" else ("-state_due_at", "-pk")
    return (
        Case.objects.filter(OPEN, STAFF_STEP, district=district, state_due_at__lt=now)
        .select_related("service", "holder", "workflow__definition")
        .order_by(*order)
    )


def overdue_page(
    district: District, now: datetime, sort: Sort = "oldest", number: Any = 1
) -> tuple[Page[Case], list[OverdueRow]]:
    """One page of ``overdue_cases`` with each row's state and how long it is overdue."""
    page = Paginator(overdue_cases(district, now, sort), PAGE_SIZE).get_page(number)
    cases = list(page.object_list)
    if not cases:
        return page, []
    first = min(case.state_due_at for case in cases if case.state_due_at is not None)
    calendar = WorkingCalendar(tehran_time(first).date(), tehran_time(now).date())
    return page, [_overdue_row(case, now, calendar) for case in cases]


def _overdue_row(case: Case, now: datetime, calendar: WorkingCalendar) -> OverdueRow:
    instance = case.workflow
    step = ""
    if instance is not None:
        step = definition_of(instance.definition).state(instance.state).label
    due = case.state_due_at or now
    return OverdueRow(case, step, overdue_phrase(due, now, calendar))
