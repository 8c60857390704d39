"""Overdue requests: marked once the deadline passes on the working calendar (holidays
included), holder and district manager told, escalated by the service's rule."""

from __future__ import annotations

import pytest

from nama.accounts.constants import StaffRole
from nama.cases.models import Case, Notification
from nama.cases.services import act
from nama.cases.tests.builders import returned
from nama.deadlines.sweep import SweepResult, sweep
from nama.deadlines.tests.helpers import (
    SATURDAY,
    SUNDAY,
    THURSDAY,
    WEDNESDAY,
    at,
    enter_state_at,
    escalation_rule,
    notices,
    official_holiday,
    permit_request,
    staff,
    thursdays_working,
)
from nama.sms.models import OutboundSms
from nama.sms.testing import Outbox
from nama.staff.models import HoldAction, HoldEvent
from nama.staff.services import claim
from nama.workflow.calendar import add_working_days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def test_a_request_is_overdue_only_after_its_deadline_across_a_holiday(
    sms_outbox: Outbox,
) -> None:
    thursdays_working()
    holder, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    other_manager = staff(StaffRole.DISTRICT_MANAGER, 8)
    case = permit_request()
    claim(actor=holder, case=case)
    # Without the holiday two working days from Wednesday end on Saturday; with Thursday an
    # official holiday and Friday the weekly rest they end on Sunday.
    assert add_working_days(at(WEDNESDAY, 10), 2) == at(SATURDAY, 14)
    official_holiday(THURSDAY)
    case = enter_state_at(case, at(WEDNESDAY, 10))
    assert case.state_due_at == at(SUNDAY, 14)

    assert sweep(now=at(WEDNESDAY, 15)) == SweepResult()  # Saturday and Sunday still ahead
    # Overdue if the holiday were ignored; one working day left: the reminder.
    assert sweep(now=at(SATURDAY, 15)) == SweepResult(reminded=1)
    assert sweep(now=at(SUNDAY, 13, 59)) == SweepResult()
    assert sweep(now=at(SUNDAY, 14)) == SweepResult()  # the deadline itself is still in time
    assert Case.objects.get(pk=case.pk).overdue_since is None

    result = sweep(now=at(SUNDAY, 14, 1))

    assert result == SweepResult(overdue=1, escalated=1, taken_back=1)
    case.refresh_from_db()
    assert case.overdue_since == at(SUNDAY, 14, 1)
    assert case.escalated_at == at(SUNDAY, 14, 1)
    # D15 escalates by reassigning: the request is back in the district's shared queue.
    assert case.holder is None
    assert case.held_since is None
    event = HoldEvent.objects.filter(case=case).latest("pk")
    assert (event.action, event.holder, event.actor) == (HoldAction.ESCALATE, None, None)
    assert "«بررسی مدارک در پیشخوان»" in event.reason
    overdue, escalated = "مهلت درخواست گذشت", "درخواست به کارتابل مشترک برگشت"
    assert notices(holder) == {
        "reminder": "یادآوری مهلت",
        "overdue": overdue,
        "escalated": escalated,
    }
    assert notices(manager) == {"overdue": overdue, "escalated": escalated}
    assert notices(other_manager) == {}
    texts = [sms["text"] for sms in sms_outbox.to(manager.mobile)]
    assert any("یکشنبه ۲۲ آذر ۱۴۰۵ ساعت ۱۴:۰۰ گذشت" in text for text in texts)


def test_running_again_sends_nothing_new(sms_outbox: Outbox) -> None:
    holder, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    case = permit_request()
    claim(actor=holder, case=case)
    case = enter_state_at(case, at(WEDNESDAY, 10))
    assert case.state_due_at is not None
    later = add_working_days(case.state_due_at, 1)
    assert sweep(now=later).overdue == 1
    before = (Notification.objects.count(), OutboundSms.objects.count(), HoldEvent.objects.count())

    assert sweep(now=later) == SweepResult()
    assert sweep(now=add_working_days(later, 3)) == SweepResult()

    after = (Notification.objects.count(), OutboundSms.objects.count(), HoldEvent.objects.count())
    assert after == before
    assert len(sms_outbox.to(manager.mobile)) == 2


def test_the_notify_rule_tells_holder_and_manager_and_leaves_the_holder() -> None:
    escalation_rule("notify")
    holder, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    colleague = staff(StaffRole.DESK_CLERK)
    case = permit_request()
    claim(actor=holder, case=case)
    case = enter_state_at(case, at(WEDNESDAY, 10))

    assert sweep(now=at(SUNDAY, 15)) == SweepResult(overdue=1, escalated=1)

    case.refresh_from_db()
    assert case.holder == holder
    assert case.escalated_at == at(SUNDAY, 15)
    assert not HoldEvent.objects.filter(case=case, action=HoldAction.ESCALATE).exists()
    assert notices(holder) == {"overdue": "مهلت درخواست گذشت"}
    assert notices(manager) == {"overdue": "مهلت درخواست گذشت"}
    assert notices(colleague) == {}


def test_an_overdue_request_nobody_holds_is_announced_to_the_roles_staff() -> None:
    clerks = [staff(StaffRole.DESK_CLERK) for _ in range(2)]
    manager = staff(StaffRole.DISTRICT_MANAGER)
    case = enter_state_at(permit_request(), at(WEDNESDAY, 10))

    # Reassign with nobody to take it from: the managers are told, nothing is moved.
    assert sweep(now=at(SUNDAY, 15)) == SweepResult(overdue=1, escalated=1)

    assert not HoldEvent.objects.filter(case=case).exists()
    for person in [*clerks, manager]:
        assert notices(person) == {"overdue": "مهلت درخواست گذشت"}


def test_the_applicants_own_step_is_never_escalated_to_staff() -> None:
    clerk, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    case = enter_state_at(returned(permit_request(), fields=["units"]), at(WEDNESDAY, 10))
    assert case.state_due_at is not None
    later = add_working_days(case.state_due_at, 1)

    assert sweep(now=later) == SweepResult(overdue=1)

    case.refresh_from_db()
    assert case.overdue_since == later
    assert case.escalated_at is None
    told = Notification.objects.get(user=case.applicant, event_key__endswith=":overdue")
    assert "«نیاز به اصلاح از سوی شما»" in told.body
    assert notices(clerk) == {}
    assert notices(manager) == {}


def test_a_new_state_starts_its_deadline_bookkeeping_afresh() -> None:
    clerk, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    case = enter_state_at(permit_request(), at(WEDNESDAY, 10))
    assert sweep(now=at(SUNDAY, 15)).overdue == 1
    first_step = Case.objects.select_related("workflow").get(pk=case.pk).workflow.step  # type: ignore[union-attr]

    act(actor=clerk, case=case, action="return_for_correction", inputs={"reason": "ناخوانا"})
    case.refresh_from_db()
    assert (case.reminded_at, case.overdue_since, case.escalated_at) == (None, None, None)
    case = enter_state_at(case, at(WEDNESDAY, 10))
    assert case.state_due_at is not None

    assert sweep(now=add_working_days(case.state_due_at, 1)).overdue == 1

    keys = set(
        Notification.objects.filter(event_key__contains=":overdue").values_list(
            "event_key", flat=True
        )
    )
    assert keys == {
        f"deadline:{case.pk}:{first_step}:overdue",
        f"deadline:{case.pk}:{first_step + 1}:overdue",
    }
    assert notices(manager) == {"overdue": "مهلت درخواست گذشت"}  # the staff step only
