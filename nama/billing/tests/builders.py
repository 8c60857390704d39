"""Builders for billing tests (any app's): accounts, assessments with given lines, vehicles and
shop units. ``an_assessment`` writes lines directly, with no calculator, so bill, payment and
page tests can choose exact amounts per beneficiary account."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from nama.accounts.models import User
from nama.billing.constants import AssessmentStatus, Purpose, VehicleClass
from nama.billing.models import (
    Assessment,
    AssessmentLine,
    BeneficiaryAccount,
    Business,
    Vehicle,
)
from nama.cases.models import Case
from nama.cases.tests.builders import owned_parcel
from nama.core.identifiers import parse_renewal_code
from nama.core.jalali import from_jalali
from nama.parcels.constants import Structure, UnitKind
from nama.parcels.models import Building, Parcel, Unit

DEFAULT_LINES: tuple[tuple[str, int], ...] = (("municipality", 12_500_000),)


def on_day(monkeypatch: pytest.MonkeyPatch, year: int, month: int, day: int) -> date:
    """Make billing see Jalali ``year/month/day`` as today (``current_year`` and the duty
    statements' date); returns the Gregorian date."""
    import nama.billing.tariffs
    from nama.billing.services import duties

    today = from_jalali(year, month, day)
    monkeypatch.setattr(nama.billing.tariffs, "tehran_today", lambda: today)
    monkeypatch.setattr(duties, "tehran_today", lambda: today)
    return today


def accounts() -> dict[str, BeneficiaryAccount]:
    """The beneficiary accounts of ``nama/billing/data/accounts.yaml``, by code."""
    from nama.billing.tariffs.files import sync_accounts

    sync_accounts()
    return {account.code: account for account in BeneficiaryAccount.objects.all()}


@transaction.atomic
def an_assessment(
    payer: User,
    *,
    purpose: Purpose = Purpose.PERMIT_FEES,
    lines: Sequence[tuple[str, int]] = DEFAULT_LINES,
    case: Case | None = None,
    parcel: Parcel | None = None,
    unit: Unit | None = None,
    vehicle: Vehicle | None = None,
    status: AssessmentStatus = AssessmentStatus.PROPOSED,
    tariff_year: int = 1405,
    years: Sequence[int | None] | None = None,
) -> Assessment:
    """An assessment with ``lines`` as (account code, amount); ``years``: each line's duty
    year (a duty statement's lines), None for all."""
    by_code = accounts()
    assessment = Assessment.objects.create(
        purpose=purpose,
        case=case,
        parcel=parcel if parcel is not None else (case.parcel if case is not None else None),
        unit=unit,
        vehicle=vehicle,
        payer=payer,
        tariff_year=tariff_year,
        status=status,
        total=max(0, sum(amount for _, amount in lines)),
    )
    AssessmentLine.objects.bulk_create(
        AssessmentLine(
            assessment=assessment,
            position=position,
            rule=purpose.value if purpose != Purpose.PERMIT_FEES else "expert_visit",
            label=f"ردیف آزمایشی {position}",
            account=by_code[code],
            amount=amount,
            computed_amount=amount,
            jalali_year=years[position - 1] if years is not None else None,
        )
        for position, (code, amount) in enumerate(lines, start=1)
    )
    return assessment


def a_vehicle(
    owner: User,
    *,
    plate: str = "12ب345-13",
    vehicle_class: VehicleClass = VehicleClass.PASSENGER,
    model_year: int = 1398,
    title: str = "پژو ۲۰۶",
) -> Vehicle:
    return Vehicle.objects.create(
        owner=owner, plate=plate, vehicle_class=vehicle_class, model_year=model_year, title=title
    )


def a_building(
    parcel: Parcel,
    *,
    number: int = 1,
    built_area: Decimal | int = 240,
    structure: Structure = Structure.CONCRETE,
    construction_year: int = 1395,
    floors_above: int = 2,
) -> Building:
    building = Building(
        parcel=parcel,
        floors_above=floors_above,
        structure=structure,
        built_area=Decimal(built_area),
        construction_year=construction_year,
    )
    building.set_code(replace(parcel.code, building=number))
    building.save()
    return building


def a_shop(
    owner: User,
    *,
    code: str = "7-1-1-9-0-0-0",
    guild: str = "grocery",
    area: Decimal | int = 40,
    title: str = "سوپرمارکت نمونه",
) -> Unit:
    """A shop unit with its business, on a parcel ``owner`` owns (one building)."""
    parcel = owned_parcel(owner, code=code)
    building = a_building(parcel, floors_above=1)
    unit = Unit(building=building, kind=UnitKind.SHOP, floor=0, area=Decimal(area))
    unit.set_code(replace(parse_renewal_code(code), building=1, shop=1))
    unit.save()
    Business.objects.create(unit=unit, guild=guild, title=title, licence_number="1405-0001")
    return unit
