"""Building requests at a chosen moment on the working calendar, for the deadline tests.

The project has no clock-freezing tool: a request is built now and then its current state is
re-entered at a chosen moment (its deadline recomputed from there, as the engine does); the
sweep takes ``now=``.
"""

from __future__ import annotations

from datetime import date, datetime, time

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case, Notification
from nama.cases.tests.builders import owned_parcel, submitted
from nama.catalog.constants import VersionSource
from nama.catalog.models import Service
from nama.catalog.services import publish_service
from nama.core.jalali import TEHRAN
from nama.workflow.calendar import add_working_days
from nama.workflow.engine import definition_of
from nama.workflow.models import Closure, WorkflowInstance, WorkingWeek
from nama.workflow.models.calendar import ClosureKind, ThursdayRule

# A week of Azar 1405: Wednesday 18 Azar (2026-12-09) … Monday 23 Azar (2026-12-14).
WEDNESDAY = date(2026, 12, 9)
THURSDAY = date(2026, 12, 10)
SATURDAY = date(2026, 12, 12)
SUNDAY = date(2026, 12, 13)
MONDAY = date(2026, 12, 14)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` in Tehran."""
    return datetime.combine(day, time(hour, minute), tzinfo=TEHRAN)


def thursdays_working(since: date = date(2026, 12, 5)) -> None:
    """A decree makes Thursday a full working day (so a Thursday holiday matters), and no
    closure but the test's own lies in the test week."""
    WorkingWeek.objects.create(effective_from=since, thursday=ThursdayRule.WORKING)
    Closure.objects.filter(date__range=(since, MONDAY)).delete()


def official_holiday(day: date) -> Closure:
    return Closure.objects.create(date=day, title="تعطیل رسمی", kind=ClosureKind.HOLIDAY)


def enter_state_at(case: Case, moment: datetime) -> Case:
    """Pretend the request entered its current state at ``moment``: the state's deadline
    from there, as the engine computes it, on the workflow and on the request."""
    assert case.workflow_id is not None
    instance = WorkflowInstance.objects.select_related("definition").get(pk=case.workflow_id)
    days = definition_of(instance.definition).state(instance.state).deadline_days
    assert days is not None
    due = add_working_days(moment, days)
    WorkflowInstance.objects.filter(pk=instance.pk).update(
        state_entered_at=moment, state_due_at=due
    )
    Case.objects.filter(pk=case.pk).update(state_due_at=due)
    case.refresh_from_db()
    return case


def permit_request(code: str = "7-1-1-5-0-0-0") -> Case:
    """A submitted building permit (D15) in district 7, in the desk check (2 working days)."""
    owner = make_user()
    return submitted(owner, owned_parcel(owner, code=code))


def staff(role: StaffRole, district: int | None = 7) -> User:
    return verified(staff_member(role, district))


def notices(user: User) -> dict[str, str]:
    """The user's deadline notices: event kind (reminder/overdue/escalated) → title."""
    rows = Notification.objects.filter(user=user, event_key__startswith="deadline:")
    return {row.event_key.rsplit(":", 1)[1]: row.title for row in rows}


def escalation_rule(rule: str, service: str = "D15") -> None:
    """Publish a new version of ``service`` whose overdue staff steps escalate by ``rule``
    (as an administrator's edit would); requests started afterwards use it."""
    version = Service.objects.get(code=service).current_version
    assert version is not None
    publish_service(
        data={**version.body, "escalation": rule}, actor=None, source=VersionSource.ADMIN
    )
