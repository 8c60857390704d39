"""Who may answer for a request's fees: the applicant side only (the owner, their
representative). Anyone else — another citizen, revenue staff of any district — is refused
as if the request did not exist, and nothing changes. Stale figures or a request that moved
on are refused too, leaving the assessment as it was."""

from __future__ import annotations

import pytest

from nama.accounts.tests.factories import make_user
from nama.billing.constants import AssessmentStatus
from nama.billing.services.assessments import adjust_line
from nama.billing.services.consent import accept_fees, dispute_fees, fingerprint
from nama.billing.tests.test_workflow_fees import (
    DISPUTE,
    assess,
    at_fee_assessment,
    revenue_officer,
    state,
)
from nama.cases.tests.builders import represent
from nama.core.problems import ConflictError, NotFoundError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]


def test_no_one_but_the_applicant_side_accepts_or_disputes() -> None:
    case = at_fee_assessment()
    assessment = assess(case)
    outsiders = {
        "another citizen": make_user(),
        "revenue officer of another district": revenue_officer(3),
        "revenue officer of the district": revenue_officer(7),
    }
    for who, actor in outsiders.items():
        with pytest.raises(NotFoundError):
            accept_fees(case=case, actor=actor)
        with pytest.raises(NotFoundError):
            dispute_fees(case=case, actor=actor, reason=DISPUTE)
        assessment.refresh_from_db()
        assert (assessment.status, state(case)) == (AssessmentStatus.PROPOSED, "fee_consent"), who


def test_a_representative_accepts_for_the_owner() -> None:
    owner, agent = make_user(), make_user()
    represent(owner, agent)
    case = at_fee_assessment(owner)
    assess(case)

    assessment = accept_fees(case=case, actor=agent)

    assert (assessment.status, assessment.accepted_by) == (AssessmentStatus.ACCEPTED, agent)
    assert state(case) == "payment"


def test_changed_figures_or_a_moved_request_refuse_acceptance_and_change_nothing() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    shown = fingerprint(assessment)
    assert case.workflow is not None
    step = case.workflow.step
    line = assessment.lines.filter(amount__gt=0).first()
    assert line is not None
    adjust_line(line=line, actor=revenue_officer(), amount=line.amount - 1000, reason="رند شد")

    with pytest.raises(ConflictError) as changed:
        accept_fees(case=case, actor=owner, seen=shown)
    with pytest.raises(ConflictError) as moved:
        accept_fees(case=case, actor=owner, expected_step=step - 1)

    assert (changed.value.code, moved.value.code) == ("fees_changed", "changed_meanwhile")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.accepted_at) == (AssessmentStatus.PROPOSED, None)
    assert state(case) == "fee_consent"
