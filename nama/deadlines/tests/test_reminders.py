"""Reminders before a state's deadline: when "one working day left" begins, to whom, once."""

from __future__ import annotations

import pytest
from django.test import override_settings

from nama.accounts.constants import StaffRole
from nama.cases.models import Case, Notification
from nama.cases.tests.builders import returned
from nama.core.jalali import tehran_time
from nama.deadlines.sweep import sweep
from nama.deadlines.tests.helpers import (
    SATURDAY,
    THURSDAY,
    WEDNESDAY,
    at,
    enter_state_at,
    notices,
    permit_request,
    staff,
    thursdays_working,
)
from nama.sms.testing import Outbox
from nama.staff.services import claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def test_the_reminder_goes_out_once_the_last_working_day_before_the_deadline_begins(
    sms_outbox: Outbox,
) -> None:
    thursdays_working()
    clerks = [staff(StaffRole.DESK_CLERK) for _ in range(2)]
    elsewhere = staff(StaffRole.DESK_CLERK, 8)
    case = enter_state_at(permit_request(), at(WEDNESDAY, 10))
    # Two working days after Wednesday: Thursday and Saturday (Friday is the weekly rest).
    assert case.state_due_at == at(SATURDAY, 14)

    assert sweep(now=at(WEDNESDAY, 15)).reminded == 0  # Thursday and Saturday still ahead
    assert sweep(now=at(THURSDAY, 13, 59)).reminded == 0  # Thursday is still under way
    assert sweep(now=at(THURSDAY, 14)).reminded == 1  # only Saturday is left

    case.refresh_from_db()
    assert case.reminded_at == at(THURSDAY, 14)
    assert case.overdue_since is None
    # Nobody holds it: every desk clerk of the district hears, nobody elsewhere.
    for clerk in clerks:
        assert notices(clerk) == {"reminder": "یادآوری مهلت"}
        (sms,) = sms_outbox.to(clerk.mobile)
        assert "«بررسی مدارک در پیشخوان»" in sms["text"]
        assert "شنبه ۲۱ آذر ۱۴۰۵ ساعت ۱۴:۰۰ به پایان می‌رسد" in sms["text"]
    assert notices(elsewhere) == {}


def test_a_held_request_reminds_its_holder_alone_and_only_once(sms_outbox: Outbox) -> None:
    thursdays_working()
    holder, colleague = staff(StaffRole.DESK_CLERK), staff(StaffRole.DESK_CLERK)
    case = permit_request()
    claim(actor=holder, case=case)
    enter_state_at(case, at(WEDNESDAY, 10))

    assert sweep(now=at(THURSDAY, 15)).reminded == 1
    assert sweep(now=at(THURSDAY, 15)).reminded == 0
    assert sweep(now=at(SATURDAY, 9)).reminded == 0

    assert notices(holder) == {"reminder": "یادآوری مهلت"}
    assert notices(colleague) == {}
    assert len(sms_outbox.to(holder.mobile)) == 1


def test_the_applicant_is_reminded_of_their_own_step() -> None:
    clerk = staff(StaffRole.DESK_CLERK)
    case = returned(permit_request(), fields=["units"])
    assert case.queue_role == "applicant"
    case = enter_state_at(case, at(WEDNESDAY, 10))
    assert case.state_due_at is not None

    last_day = tehran_time(case.state_due_at).date()

    assert sweep(now=at(last_day, 9)).reminded == 1

    mine = Notification.objects.get(user=case.applicant, event_key__endswith=":reminder")
    # The step as the applicant knows it.
    assert "مهلت مرحله «نیاز به اصلاح از سوی شما»" in mine.body
    assert notices(clerk) == {}


@override_settings(NAMA_DEADLINE_REMINDER_WORKING_DAYS=0)
def test_no_reminders_when_the_setting_is_zero() -> None:
    thursdays_working()
    case = enter_state_at(permit_request(), at(WEDNESDAY, 10))
    assert sweep(now=at(SATURDAY, 13)).reminded == 0
    assert Case.objects.get(pk=case.pk).reminded_at is None
