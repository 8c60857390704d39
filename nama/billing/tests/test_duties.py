"""Yearly duties: which years are owed, opening balances, and statements of every unpaid
year (repository books; today is 1405/09/08, inside 1405's good-payer window)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.billing.constants import AssessmentStatus, Purpose
from nama.billing.models import Assessment
from nama.billing.services.duties import (
    duty_statement,
    is_settled,
    record_opening_balance,
    subject_key,
    unpaid_years,
)
from nama.billing.tests.builders import a_shop, a_vehicle, on_day
from nama.cases.tests.builders import owned_parcel
from nama.core.problems import ConflictError, ForbiddenError
from nama.parcels.models import Parcel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariffs")]
RENEWAL = Purpose.RENEWAL_DUTY


@pytest.fixture(autouse=True)
def _in_1405(monkeypatch: pytest.MonkeyPatch) -> None:
    on_day(monkeypatch, 1405, 9, 8)


@pytest.fixture
def owner() -> User:
    return make_user()


@pytest.fixture
def parcel(owner: User) -> Parcel:
    """600 m², district 7, no zone, no building: P = 11,000,000 (1405), 8,500,000 (1404)."""
    return owned_parcel(owner)


def rows(statement: Assessment) -> list[tuple[str, int | None, int]]:
    return [(line.rule, line.jalali_year, line.amount) for line in statement.lines.all()]


def test_every_year_since_the_first_book_is_owed_until_settled(parcel: Parcel) -> None:
    key = subject_key(parcel=parcel)
    assert key == f"parcel:{parcel.pk}"
    assert unpaid_years(RENEWAL, key) == [1403, 1404, 1405]

    recorded = record_opening_balance(purpose=RENEWAL, parcel=parcel, through_year=1404, actor=None)

    assert recorded == 2
    assert unpaid_years(RENEWAL, key) == [1405]
    assert (is_settled(RENEWAL, key, 1404), is_settled(RENEWAL, key, 1405)) == (True, False)
    assert (
        record_opening_balance(purpose=RENEWAL, parcel=parcel, through_year=1404, actor=None) == 0
    )


def test_a_renewal_statement_prices_arrears_and_is_reused_the_same_day(
    owner: User, parcel: Parcel
) -> None:
    record_opening_balance(purpose=RENEWAL, parcel=parcel, through_year=1403, actor=None)

    statement = duty_statement(purpose=RENEWAL, parcel=parcel, payer=owner)

    assert rows(statement) == [
        ("renewal_duty", 1404, 25_500_000),  # 600 × 8,500,000 × 0.5 %
        ("education_share", 1404, 1_275_000),  # 5 %
        ("arrears_surcharge", 1404, 3_060_000),  # 12 % (one year late)
        ("renewal_duty", 1405, 33_000_000),  # 600 × 11,000,000 × 0.5 %
        ("education_share", 1405, 1_650_000),  # no good-payer discount: 1404 is owed
    ]
    assert statement.total == 64_485_000
    assert (statement.status, statement.inputs["years"]) == (
        AssessmentStatus.PROPOSED,
        [1404, 1405],
    )
    assert duty_statement(purpose=RENEWAL, parcel=parcel, payer=owner) == statement


def test_paying_the_arrears_brings_the_good_payer_discount_and_supersedes(
    owner: User, parcel: Parcel
) -> None:
    old = duty_statement(purpose=RENEWAL, parcel=parcel, payer=owner)
    record_opening_balance(purpose=RENEWAL, parcel=parcel, through_year=1404, actor=None)

    new = duty_statement(purpose=RENEWAL, parcel=parcel, payer=owner)

    assert rows(new) == [
        ("renewal_duty", 1405, 33_000_000),
        ("education_share", 1405, 1_650_000),
        ("good_payer_discount", 1405, -3_300_000),  # 10 %, paid by 09/30 with no arrears
    ]
    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (AssessmentStatus.SUPERSEDED, new)


def test_statements_are_refused_to_others_for_a_wrong_subject_and_when_nothing_is_owed(
    owner: User, parcel: Parcel
) -> None:
    with pytest.raises(ForbiddenError):
        duty_statement(purpose=RENEWAL, parcel=parcel, payer=make_user())
    with pytest.raises(ValidationError):
        duty_statement(purpose=Purpose.VEHICLE_DUTY, parcel=parcel, payer=owner)
    record_opening_balance(purpose=RENEWAL, parcel=parcel, through_year=1405, actor=None)
    with pytest.raises(ConflictError) as settled:
        duty_statement(purpose=RENEWAL, parcel=parcel, payer=owner)

    assert settled.value.code == "nothing_owed"
    assert not Assessment.objects.exists()


def test_business_and_vehicle_statements(owner: User) -> None:
    shop = a_shop(owner, guild="grocery", area=40)
    car = a_vehicle(owner, model_year=1404)

    business = duty_statement(purpose=Purpose.BUSINESS_DUTY, unit=shop, payer=owner)
    vehicle = duty_statement(purpose=Purpose.VEHICLE_DUTY, vehicle=car, payer=owner)

    assert rows(business)[-1] == ("business_duty", 1405, 13_200_000)  # 40 × 11,000,000 × 0.03
    assert [year for _, year, _ in rows(business)] == [1403, 1403, 1404, 1404, 1405]
    assert business.parcel == shop.building.parcel
    assert rows(vehicle) == [  # owed from its model year
        ("vehicle_duty", 1404, 1_900_000),
        ("arrears_surcharge", 1404, 190_000),  # 10 %
        ("vehicle_duty", 1405, 2_500_000),
    ]
