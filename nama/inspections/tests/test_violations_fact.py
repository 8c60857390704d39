"""A violation seen on the visit holds the technical approval until the Article 100
commission's ruling is recorded (the fact ``no_open_violations``)."""

from __future__ import annotations

import pytest

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import staff_member, verified
from nama.cases.models import Case
from nama.cases.services import act
from nama.inspections.services import DraftIn, submit_report
from nama.inspections.tests.builders import at_visit
from nama.workflow.engine import GuardRefusedError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

CHECKLIST = {
    "boundaries_match": {"ok": True},
    "no_early_construction": {"ok": True},
    "setback_feasible": {"ok": True},
    "street_access": {"ok": True},
    "no_encroachment": {"ok": True},
    "no_obstacles": {"ok": True},
}


def _reviewed(violations: str) -> Case:
    case, visit = at_visit()
    values = {"land_area": "600", "floors": "0", "violations": violations}
    submit_report(
        actor=visit.inspector,
        visit=visit,
        submission_key="k1",
        draft=DraftIn(revision=0, values=values, checklist=CHECKLIST),
    )
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "technical_review"
    return case


def _planner() -> User:
    return verified(staff_member(StaffRole.PLANNING_OFFICER, 7))


def test_no_violation_seen_lets_the_officer_approve() -> None:
    case = _reviewed("")
    act(actor=_planner(), case=case, action="approve_technically")
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "fee_assessment"


def test_a_violation_holds_approval_until_the_commission_rules() -> None:
    case = _reviewed("دو طبقه بیش از پروانه ساخته شده")
    planner = _planner()
    with pytest.raises(GuardRefusedError):
        act(actor=planner, case=case, action="approve_technically")
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "technical_review"
    act(actor=planner, case=case, action="refer_article100", inputs={"reason": "اضافه بنا"})
    secretariat = verified(staff_member(StaffRole.ARTICLE100_SECRETARIAT, 7))
    act(
        actor=secretariat,
        case=case,
        action="record_ruling",
        inputs={"ruling": "fine", "reference": "رأی ۱۲۳ مورخ ۱۴۰۵/۰۹/۰۱"},
    )
    act(actor=planner, case=case, action="approve_technically")
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "fee_assessment"
