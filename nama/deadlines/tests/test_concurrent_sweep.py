"""Two workers sweeping at the same moment: every request is handled once, every notice sent
once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from nama.accounts.constants import StaffRole
from nama.cases.models import Notification
from nama.deadlines.sweep import SweepResult, sweep
from nama.deadlines.tests.helpers import (
    SUNDAY,
    WEDNESDAY,
    at,
    enter_state_at,
    permit_request,
    staff,
)
from nama.sms.models import OutboundSms
from nama.staff.models import HoldAction, HoldEvent
from nama.staff.services import claim


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog")
def test_two_concurrent_sweeps_handle_each_request_once() -> None:
    holder, manager = staff(StaffRole.DESK_CLERK), staff(StaffRole.DISTRICT_MANAGER)
    cases = [permit_request(code=f"7-1-1-{n}-0-0-0") for n in (5, 6, 7)]
    for case in cases:
        claim(actor=holder, case=case)
        enter_state_at(case, at(WEDNESDAY, 10))

    def run(_: int) -> SweepResult:
        try:
            return sweep(now=at(SUNDAY, 15), batch_size=2)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(run, range(2))

    assert first.failed == second.failed == 0
    assert first.overdue + second.overdue == 3
    assert first.taken_back + second.taken_back == 3
    assert HoldEvent.objects.filter(action=HoldAction.ESCALATE).count() == 3
    for person in (holder, manager):
        mine = Notification.objects.filter(user=person, event_key__startswith="deadline:")
        keys = list(mine.values_list("event_key", flat=True))
        assert len(keys) == len(set(keys)) == 6  # overdue + escalated, for each request
        assert OutboundSms.objects.filter(to=person.mobile).count() == 6
