"""A request's fees: computed from its form, property and the year's book; adjusted by the
district's revenue officer only with a reason, only before acceptance."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.billing.constants import AssessmentStatus, Purpose
from nama.billing.models import Assessment, LineAdjustment
from nama.billing.services.assessments import adjust_line, assess_case, live_assessment
from nama.billing.tests.builders import on_day
from nama.cases.models import Case
from nama.cases.services import start_draft
from nama.cases.tests.builders import draft, owned_parcel
from nama.core.problems import ConflictError, ForbiddenError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]


@pytest.fixture(autouse=True)
def _in_1405(monkeypatch: pytest.MonkeyPatch) -> None:
    on_day(monkeypatch, 1405, 9, 8)


@pytest.fixture
def owner() -> User:
    return make_user()


@pytest.fixture
def permit(owner: User) -> Case:
    """A D15 draft: 3 floors + basement, 450 m², 3 units, 3 parking spaces, residential, on a
    600 m² parcel of district 7 with no zone (P = the district's 11,000,000 rials)."""
    return draft(owner, owned_parcel(owner))


def officer(district: int = 7) -> User:
    return verified(staff_member(StaffRole.REVENUE_OFFICER, district))


def test_a_building_permit_is_assessed_line_by_line_from_its_form_and_property(
    owner: User, permit: Case
) -> None:
    assessment = assess_case(case=permit, actor=None)

    lines = [(line.rule, line.account.code, line.amount) for line in assessment.lines.all()]
    assert lines == [
        # 112.5 m² × 11,000,000 × (0.25 + 0.6 + 0.7 + 0.8)
        ("permit_residential_area", "municipality", 2_908_125_000),
        ("expert_visit", "municipality", 4_500_000),
        ("education_share", "education", 145_406_250),  # 5 %
        ("fire_service_share", "fire_service", 87_243_750),  # 3 %
        ("urban_rail_share", "urban_rail", 58_162_500),  # 2 %
        ("vat", "vat", 450_000),  # 10 % of the expert visit
    ]
    assert assessment.total == 3_203_887_500
    assert (assessment.payer, assessment.status, assessment.purpose) == (
        owner,
        AssessmentStatus.PROPOSED,
        Purpose.PERMIT_FEES,
    )
    assert (assessment.tariff_year, assessment.illustrative) == (1405, True)
    assert assessment.inputs["facts"]["total_floor_area"] == "450.0"
    assert assessment.inputs["facts"]["has_basement"] is True
    assert "commercial_acceptance" in assessment.inputs["without_line"]
    assert assessment.parcel == permit.parcel


def test_a_new_assessment_supersedes_the_live_one_but_not_an_accepted_one(permit: Case) -> None:
    first = assess_case(case=permit, actor=None)
    second = assess_case(case=permit, actor=None)
    first.refresh_from_db()

    assert (first.status, first.superseded_by) == (AssessmentStatus.SUPERSEDED, second)
    assert live_assessment(permit) == second

    Assessment.objects.filter(pk=second.pk).update(status=AssessmentStatus.ACCEPTED)
    with pytest.raises(ConflictError):
        assess_case(case=permit, actor=None)
    assert Assessment.objects.filter(case=permit).count() == 2


def test_a_service_without_building_figures_pays_its_fixed_fees(owner: User) -> None:
    walling = start_draft(actor=owner, service_code="D22", parcel=owned_parcel(owner))

    assessment = assess_case(case=walling, actor=None)

    assert [(line.rule, line.amount) for line in assessment.lines.all()] == [
        ("walling_fee", 18_000_000),
        ("expert_visit", 4_500_000),
        ("vat", 2_250_000),  # 10 % × 22,500,000
    ]
    assert assessment.inputs["facts"] is None
    assert assessment.inputs["without_line"] == []


def test_only_the_districts_revenue_officer_adjusts_a_line_with_a_reason(permit: Case) -> None:
    assessment = assess_case(case=permit, actor=None)
    line = assessment.lines.get(rule="expert_visit")

    with pytest.raises(ForbiddenError):
        adjust_line(line=line, actor=officer(3), amount=4_000_000, reason="بازدید کوتاه بود")
    with pytest.raises(ValidationError) as no_reason:
        adjust_line(line=line, actor=officer(), amount=4_000_000, reason="  ")
    assert no_reason.value.message_dict == {"reason": ["دلیل اصلاح را بنویسید."]}
    assert not LineAdjustment.objects.exists()

    staff = officer()
    adjusted = adjust_line(line=line, actor=staff, amount=4_000_000, reason="بازدید کوتاه بود")

    assessment.refresh_from_db()
    assert (adjusted.amount, adjusted.computed_amount, adjusted.adjusted) == (
        4_000_000,
        4_500_000,
        True,
    )
    assert assessment.total == 3_203_887_500 - 500_000
    (audit,) = LineAdjustment.objects.all()
    assert (audit.old_amount, audit.new_amount, audit.actor, audit.reason) == (
        4_500_000,
        4_000_000,
        staff,
        "بازدید کوتاه بود",
    )


def test_an_accepted_assessment_cannot_be_adjusted(permit: Case) -> None:
    assessment = assess_case(case=permit, actor=None)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.ACCEPTED)
    line = assessment.lines.first()
    assert line is not None

    with pytest.raises(ConflictError):
        adjust_line(line=line, actor=officer(), amount=1, reason="اشتباه")

    line.refresh_from_db()
    assert line.amount == line.computed_amount
