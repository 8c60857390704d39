"""The citizen's expected completion date (``Case.expected_at``) as the request moves: at
every step, the working days of the quickest way to approval counted from that step."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from nama.accounts.constants import StaffRole
from nama.cases.models import Case
from nama.cases.services import act, update_form
from nama.cases.tests.builders import returned
from nama.deadlines.tests.helpers import permit_request, staff
from nama.visits.models import Visit
from nama.workflow.calendar import working_days_between
from nama.workflow.models import TransitionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

# D15 (construction_permit), the states' deadlines on the quickest way to approval:
# desk check 2, visit booking 7 (applicant), visit 7, technical review 5, fees 2,
# fee consent 10 (applicant), payment 15 (applicant), drafting 2, signature 2. The applicant's
# later steps count nothing (the estimate is the municipality's time); their current step
# counts until its deadline.
STAFF_AFTER_VISIT = 5 + 2 + 2 + 2
FROM_DESK_CHECK = 2 + 7 + STAFF_AFTER_VISIT
FROM_VISIT_BOOKING = 7 + 7 + STAFF_AFTER_VISIT
FROM_VISIT = 7 + STAFF_AFTER_VISIT
FROM_CORRECTION = 10 + FROM_DESK_CHECK  # the applicant's 10 days, then the desk check again


def _last_step(case: Case) -> datetime:
    return TransitionRecord.objects.filter(instance_id=case.workflow_id).latest("step").at


def _estimate(case: Case) -> int:
    """Working days from the request's last step to its expected completion date."""
    case.refresh_from_db()
    assert case.expected_at is not None
    assert case.state_due_at is not None
    assert case.expected_at >= case.state_due_at  # never before the current state's deadline
    return working_days_between(_last_step(case), case.expected_at)


def test_the_expected_date_is_re_estimated_at_every_step_including_a_correction_round() -> None:
    clerk = staff(StaffRole.DESK_CLERK)
    inspector = staff(StaffRole.VISIT_AGENT)
    case = permit_request()
    assert _estimate(case) == FROM_DESK_CHECK
    submitted_estimate = case.expected_at
    assert submitted_estimate is not None

    case = returned(case, fields=["units"])
    assert _estimate(case) == FROM_CORRECTION
    assert case.expected_at is not None
    assert case.expected_at > submitted_estimate

    update_form(actor=case.applicant, case=case, data={"units": 4})
    act(actor=case.applicant, case=case, action="resubmit")
    assert _estimate(case) == FROM_DESK_CHECK  # counted afresh from the resubmission

    act(actor=clerk, case=case, action="request_visit")
    assert _estimate(case) == FROM_VISIT_BOOKING

    starts = _last_step(case) + timedelta(days=3)
    Visit.objects.create(
        case=case,
        inspector=inspector,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        booked_by=case.applicant,
    )
    act(actor=case.applicant, case=case, action="book_visit")
    assert _estimate(case) == FROM_VISIT


def test_a_finished_request_has_no_expected_date() -> None:
    case = permit_request()
    act(
        actor=staff(StaffRole.DESK_CLERK),
        case=case,
        action="reject",
        inputs={"reason": "مدارک مالکیت با ملک نمی‌خواند"},
    )
    case.refresh_from_db()
    assert case.expected_at is None
    assert case.finished_at is not None
