"""Yearly duties: which years a property, shop unit or vehicle owes, and the statement that
prices them (every unpaid year by its own book, arrears surcharge, good-payer discount).

A subject owes every year from the first year the platform has an approved tariff book for
(for a vehicle: not before its model year) through the current one, except the years
settled: paid through a bill, or recorded as paid before the platform (opening balance).
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from nama.accounts.models import User
from nama.billing.calculators import (
    BuildingFacts,
    BusinessFacts,
    LineItem,
    RenewalFacts,
    VehicleFacts,
    business_duty,
    renewal_duty,
    vehicle_duty,
)
from nama.billing.constants import AssessmentStatus, Purpose, TariffStatus
from nama.billing.models import Assessment, DutyYear, TariffBook, Vehicle
from nama.billing.services.assessments import land_area, save_assessment
from nama.billing.tariffs import TariffSpec, book_for, current_year
from nama.billing.tariffs.schema import PermitUse
from nama.core.jalali import tehran_time, tehran_today
from nama.core.problems import ConflictError, ForbiddenError
from nama.parcels.constants import LandUse
from nama.parcels.models import Parcel, Unit
from nama.parcels.selectors import parcels_owned_by

SUBJECT_OF = {
    Purpose.RENEWAL_DUTY: "parcel",
    Purpose.BUSINESS_DUTY: "unit",
    Purpose.VEHICLE_DUTY: "vehicle",
}
ZONE_USES: dict[str, PermitUse] = {
    LandUse.COMMERCIAL: "commercial",
    LandUse.MIXED: "mixed",
    LandUse.OFFICE: "office",
}


def subject_key(
    *, parcel: Parcel | None = None, unit: Unit | None = None, vehicle: Vehicle | None = None
) -> str:
    """``vehicle:3``, ``unit:5`` or ``parcel:12``: the most specific subject given."""
    for kind, subject in (("vehicle", vehicle), ("unit", unit), ("parcel", parcel)):
        if subject is not None:
            return f"{kind}:{subject.pk}"
    raise ValueError("a duty subject (parcel, unit or vehicle) is required")


def first_year(purpose: Purpose, key: str) -> int:
    """The first year a subject owes: the earliest approved book (a vehicle: its model year
    if later)."""
    approved = TariffBook.objects.filter(status=TariffStatus.APPROVED)
    first = approved.aggregate(first=Min("year"))["first"] or current_year()
    kind, _, pk = key.partition(":")
    if purpose == Purpose.VEHICLE_DUTY and kind == "vehicle":
        model_year = Vehicle.objects.filter(pk=pk).values_list("model_year", flat=True).first()
        first = max(first, model_year or first)
    return int(first)


def unpaid_years(purpose: Purpose, subject_key: str) -> list[int]:
    """The years through the current one that are not settled, oldest first."""
    settled = set(
        DutyYear.objects.filter(
            purpose=purpose, subject_key=subject_key, settled_at__isnull=False
        ).values_list("jalali_year", flat=True)
    )
    years = range(first_year(purpose, subject_key), current_year() + 1)
    return [year for year in years if year not in settled]


def is_settled(purpose: Purpose, subject_key: str, through_year: int) -> bool:
    """Is every year up to ``through_year`` settled?"""
    return all(year > through_year for year in unpaid_years(purpose, subject_key))


@transaction.atomic
def record_opening_balance(
    *,
    purpose: Purpose,
    through_year: int,
    actor: User | None,
    parcel: Parcel | None = None,
    unit: Unit | None = None,
    vehicle: Vehicle | None = None,
) -> int:
    """Record the years up to ``through_year`` as paid before the platform (demo, import);
    returns how many years were recorded. ``actor`` is kept for the audit convention."""
    if through_year > current_year():
        raise ValidationError("سال‌های آینده را نمی‌توان پرداخت‌شده ثبت کرد.", code="future")
    key = subject_key(parcel=parcel, unit=unit, vehicle=vehicle)
    now, recorded = timezone.now(), 0
    for year in range(first_year(purpose, key), through_year + 1):
        row, _ = DutyYear.objects.select_for_update().get_or_create(
            purpose=purpose,
            subject_key=key,
            jalali_year=year,
            defaults={"parcel": parcel, "unit": unit, "vehicle": vehicle},
        )
        if row.settled_at is None:
            row.settled_at, row.opening_balance = now, True
            row.save(update_fields=["settled_at", "opening_balance"])
            recorded += 1
    return recorded


@transaction.atomic
def duty_statement(
    *,
    purpose: Purpose,
    payer: User,
    parcel: Parcel | None = None,
    unit: Unit | None = None,
    vehicle: Vehicle | None = None,
    family_discount: bool = False,
) -> Assessment:
    """The statement (a proposed assessment) of every unpaid year of one subject's duty. A
    proposed statement of the same subject and payer computed today for the same years is
    returned again; other proposed statements of the subject are superseded."""
    subject = _subject(purpose, parcel=parcel, unit=unit, vehicle=vehicle)
    _check_owner(payer, subject)
    _lock(subject)
    key = subject_key(**subject)
    years = unpaid_years(purpose, key)
    if not years:
        raise ConflictError("عوارض این مورد تا پایان سال جاری پرداخت شده است.", code="nothing_owed")
    if (same := _reusable(purpose, payer, subject, years)) is not None:
        return same
    year = current_year()
    books = {book_year: book_for(book_year) for book_year in {*years, year}}
    items, facts = _price(purpose, subject, books, years, family_discount)
    earlier = list(_proposed(purpose, subject).select_for_update())
    Assessment.objects.filter(pk__in=[a.pk for a in earlier]).update(
        status=AssessmentStatus.SUPERSEDED
    )
    statement = save_assessment(
        purpose=purpose,
        payer=payer,
        items=items,
        tariff_year=year,
        illustrative=any(book.illustrative for book in books.values()),
        inputs={"years": years, "subject": key, "facts": facts},
        actor=payer,
        **_with_parcel(subject),
    )
    Assessment.objects.filter(pk__in=[a.pk for a in earlier]).update(superseded_by=statement)
    return statement


def _subject(purpose: Purpose, **given: Any) -> dict[str, Any]:
    kind = SUBJECT_OF.get(purpose)
    named = {name: value for name, value in given.items() if value is not None}
    if kind is None or set(named) != {kind}:
        raise ValidationError("موضوع عوارض با نوع آن نمی‌خواند.", code="wrong_subject")
    return named


def _check_owner(payer: User, subject: dict[str, Any]) -> None:
    if "vehicle" in subject:
        owns = subject["vehicle"].owner_id == payer.pk and subject["vehicle"].active
    else:
        parcel = subject["parcel"] if "parcel" in subject else subject["unit"].building.parcel
        owns = parcels_owned_by(payer).filter(pk=parcel.pk).exists()
    if not owns:
        raise ForbiddenError("این مورد به نام شما ثبت نشده است.", code="not_owner")


def _lock(subject: dict[str, Any]) -> None:
    """One statement of a subject at a time."""
    ((_, item),) = subject.items()
    type(item).objects.select_for_update().filter(pk=item.pk).first()


def _with_parcel(subject: dict[str, Any]) -> dict[str, Any]:
    """A shop unit's statement also names its parcel (district, owners, settlement)."""
    if "unit" in subject:
        return {**subject, "parcel": subject["unit"].building.parcel}
    return subject


def _proposed(purpose: Purpose, subject: dict[str, Any]) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        purpose=purpose, status=AssessmentStatus.PROPOSED, case__isnull=True, **subject
    )


def _reusable(
    purpose: Purpose, payer: User, subject: dict[str, Any], years: list[int]
) -> Assessment | None:
    for statement in _proposed(purpose, subject).filter(payer=payer):
        same_day = tehran_time(statement.computed_at).date() == tehran_today()
        if same_day and statement.inputs.get("years") == years:
            return statement
    return None


def _price(
    purpose: Purpose,
    subject: dict[str, Any],
    books: dict[int, TariffSpec],
    years: list[int],
    family_discount: bool,
) -> tuple[list[LineItem], dict[str, Any]]:
    today = tehran_today()
    if purpose == Purpose.RENEWAL_DUTY:
        renewal = renewal_facts(subject["parcel"], family_discount)
        return renewal_duty(books, renewal, years, today), _json(renewal)
    if purpose == Purpose.BUSINESS_DUTY:
        business = business_facts(subject["unit"], family_discount)
        return business_duty(books, business, years, today), _json(business)
    vehicle = subject["vehicle"]
    facts = VehicleFacts(vehicle.vehicle_class, vehicle.model_year, family_discount)
    return vehicle_duty(books, facts, years, today), _json(facts)


def renewal_facts(parcel: Parcel, family_discount: bool = False) -> RenewalFacts:
    """A property's land, zone and buildings (use from the zone; area as recorded)."""
    use: PermitUse = (
        ZONE_USES.get(parcel.zone.land_use, "residential") if parcel.zone else "residential"
    )
    buildings = tuple(
        BuildingFacts(
            area=Decimal(building.built_area),
            use=use,
            structure=building.structure,
            construction_year=building.construction_year,
        )
        for building in parcel.buildings.all()
        if building.built_area
    )
    return RenewalFacts(
        land_area=land_area(parcel),
        zone_code=parcel.zone.code if parcel.zone else None,
        district_number=parcel.district.number,
        buildings=buildings,
        family_discount=family_discount,
    )


def business_facts(unit: Unit, family_discount: bool = False) -> BusinessFacts:
    business = getattr(unit, "business", None)
    if business is None or not business.active or not unit.area:
        raise ValidationError("برای این واحد کسب فعال با مساحت ثبت نشده است.", code="no_business")
    parcel = unit.building.parcel
    return BusinessFacts(
        guild=business.guild,
        area=Decimal(unit.area),
        zone_code=parcel.zone.code if parcel.zone else None,
        district_number=parcel.district.number,
        family_discount=family_discount,
    )


def _json(facts: Any) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return {key: plain(value) for key, value in asdict(facts).items()}
