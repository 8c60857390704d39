"""Yearly duties (domain reference §6): renewal per property, business per shop unit, vehicle
per vehicle. Every unpaid year is priced by that year's book; a year before the current one
adds the arrears surcharge of the current book (per year late, capped); the current year gets
the good-payer discount when it is paid inside the window and nothing earlier is owed. Shares
whose base names the duty (education for renewal) follow each year's duty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from nama.billing.calculators.lines import (
    LineItem,
    label_of,
    money,
    num,
    percent,
    priced,
    reduction,
    require,
    year_text,
)
from nama.billing.calculators.permits import finish
from nama.billing.constants import VehicleClass
from nama.billing.tariffs.schema import DutyRule, PermitUse, TariffSpec
from nama.core.jalali import to_jalali
from nama.parcels.constants import Structure

STRUCTURE_NAMES = dict(Structure.choices)
USE_NAMES = {"residential": "مسکونی", "commercial": "تجاری", "mixed": "مختلط", "office": "اداری"}

Pricer = Callable[[TariffSpec, int], LineItem]


@dataclass(frozen=True, slots=True)
class BuildingFacts:
    area: Decimal
    use: PermitUse = "residential"
    structure: str = ""  # a Structure value; blank: not recorded (factor 1)
    construction_year: int | None = None


@dataclass(frozen=True, slots=True)
class RenewalFacts:
    land_area: Decimal
    zone_code: str | None
    district_number: int | None
    buildings: tuple[BuildingFacts, ...] = field(default_factory=tuple)
    family_discount: bool = False


@dataclass(frozen=True, slots=True)
class BusinessFacts:
    guild: str
    area: Decimal
    zone_code: str | None
    district_number: int | None
    family_discount: bool = False


@dataclass(frozen=True, slots=True)
class VehicleFacts:
    vehicle_class: str
    model_year: int
    family_discount: bool = False


def renewal_duty(
    tariffs: Mapping[int, TariffSpec], facts: RenewalFacts, unpaid_years: Sequence[int], today: date
) -> list[LineItem]:
    """Renewal duty (عوارض نوسازی) of a property for its unpaid years."""
    if facts.land_area <= 0:
        raise ValidationError("مساحت عرصه ملک ثبت نشده است.", code="no_land_area")
    return _yearly(
        "renewal_duty",
        tariffs,
        unpaid_years,
        today,
        family_discount=facts.family_discount,
        price=lambda spec, year: _renewal(spec, facts, year),
    )


def business_duty(
    tariffs: Mapping[int, TariffSpec],
    facts: BusinessFacts,
    unpaid_years: Sequence[int],
    today: date,
) -> list[LineItem]:
    """Business duty (عوارض کسب و پیشه) of a shop unit for its unpaid years."""
    return _yearly(
        "business_duty",
        tariffs,
        unpaid_years,
        today,
        family_discount=facts.family_discount,
        price=lambda spec, year: _business(spec, facts, year),
    )


def vehicle_duty(
    tariffs: Mapping[int, TariffSpec], facts: VehicleFacts, unpaid_years: Sequence[int], today: date
) -> list[LineItem]:
    """Yearly vehicle duty (عوارض سالیانه خودرو) for its unpaid years."""
    return _yearly(
        "vehicle_duty",
        tariffs,
        unpaid_years,
        today,
        family_discount=facts.family_discount,
        price=lambda spec, year: _vehicle(spec, facts, year),
    )


def _yearly(
    rule: DutyRule,
    tariffs: Mapping[int, TariffSpec],
    unpaid_years: Sequence[int],
    today: date,
    *,
    family_discount: bool,
    price: Pricer,
) -> list[LineItem]:
    jalali_today = to_jalali(today)
    current = int(jalali_today.year)
    years = sorted(set(unpaid_years))
    if any(year > current for year in years):
        raise ValidationError("عوارض سال‌های آینده را نمی‌توان محاسبه کرد.", code="future_year")
    now = require(tariffs, current)
    shares = [name for name, share in now.shares.items() if rule in share.base]
    items: list[LineItem] = []
    for year in years:
        spec = require(tariffs, year)
        lines = finish(
            spec, [price(spec, year)], shares, family_discount=family_discount, year=year
        )
        net = _net(lines, rule)
        items += lines
        if year < current:
            items.append(_surcharge(now, rule, net, year, current))
    window = (int(jalali_today.month), int(jalali_today.day))
    if years == [current] and _in_window(now, rule, window):
        duty = next(line for line in items if line.rule == rule)
        items.append(_good_payer(now, duty, _net(items, rule)))
    return items


def _net(lines: Sequence[LineItem], rule: str) -> int:
    """The duty of a year after its family discount (the discount line follows the duty)."""
    index = next(i for i, line in enumerate(lines) if line.rule == rule)
    following = lines[index + 1 : index + 2]
    reduction = sum(line.amount for line in following if line.amount < 0)
    return lines[index].amount + reduction


def _surcharge(now: TariffSpec, rule: DutyRule, net: int, year: int, current: int) -> LineItem:
    policy = now.arrears[rule]
    late = current - year
    pct = min(policy.percent_per_year * late, policy.max_percent)
    formula = (
        f"{money(net)} × {percent(policy.percent_per_year)} × {num(late)} سال دیرکرد"
        f" (سقف {percent(policy.max_percent)}) = {money(net)} × {percent(pct)}"
    )
    return priced(now, "arrears_surcharge", Decimal(net) * pct / 100, formula, year=year)


def _in_window(now: TariffSpec, rule: DutyRule, today: tuple[int, int]) -> bool:
    window = now.good_payer
    return rule in window.applies_to and window.start <= today <= window.end


def _good_payer(now: TariffSpec, duty: LineItem, net: int) -> LineItem:
    policy = now.good_payer
    window = " تا ".join(
        year_text(f"{month:02d}/{day:02d}") for month, day in (policy.start, policy.end)
    )
    return reduction(
        rule="good_payer_discount",
        label=label_of("good_payer_discount", duty.jalali_year),
        account=duty.account,
        base=net,
        pct=policy.percent,
        note=f" (پرداخت در بازه {window}، بی‌بدهی سال‌های پیش)",
        year=duty.jalali_year,
    )


def _renewal(spec: TariffSpec, facts: RenewalFacts, year: int) -> LineItem:
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    total = facts.land_area * values.land
    parts = [f"عرصه {num(facts.land_area)} مترمربع × ارزش معاملاتی {money(values.land)} ({where})"]
    for number, building in enumerate(facts.buildings, start=1):
        value, text = _building_value(spec, building, values.building, year)
        total += value
        parts.append(f"اعیان {year_text(number)}: {text}")
    rate = spec.renewal.rate_percent
    formula = f"({' + '.join(parts)} = {num(total)} ریال) × نرخ {percent(rate)}"
    return priced(spec, "renewal_duty", total * rate / 100, formula, year=year)


def _building_value(
    spec: TariffSpec, building: BuildingFacts, value: int, year: int
) -> tuple[Decimal, str]:
    renewal = spec.renewal
    use_factor = renewal.use_factors[building.use]
    structure_factor = (
        renewal.structure_factors[Structure(building.structure)]
        if building.structure in Structure.values
        else Decimal(1)
    )
    age = max(0, year - building.construction_year) if building.construction_year else 0
    band = next(b for b in renewal.age_bands if b.up_to is None or age <= b.up_to)
    structure = STRUCTURE_NAMES.get(building.structure, "نامعلوم")
    age_text = f"{num(age)} سال" if building.construction_year else "نامعلوم"
    text = (
        f"{num(building.area)} مترمربع × {money(value)} × کاربری {USE_NAMES[building.use]}"
        f" {num(use_factor)} × سازه {structure} {num(structure_factor)} × قدمت {age_text}"
        f" {num(band.factor)}"
    )
    return building.area * value * use_factor * structure_factor * band.factor, text


def _business(spec: TariffSpec, facts: BusinessFacts, year: int) -> LineItem:
    guild = spec.business.guilds.get(facts.guild)
    if guild is None:
        raise ValidationError(
            f"رسته صنفی «{facts.guild}» در دفترچه تعرفه سال {year_text(year)} نیست.",
            code="unknown_guild",
        )
    if guild.fixed is not None:
        formula = f"مبلغ ثابت رسته {guild.label}"
        return priced(spec, "business_duty", Decimal(guild.fixed), formula, year=year)
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    exact = values.land * facts.area * (guild.coefficient or Decimal(0))
    formula = (
        f"{num(facts.area)} مترمربع × ارزش معاملاتی {money(values.land)} ({where}) × ضریب رسته"
        f" {guild.label} {num(guild.coefficient or 0)}"
    )
    if exact < guild.minimum:
        exact, formula = Decimal(guild.minimum), f"{formula}؛ کمتر از کمینه رسته"
    if guild.maximum is not None and exact > guild.maximum:
        exact, formula = Decimal(guild.maximum), f"{formula}؛ بیش از بیشینه رسته"
    return priced(spec, "business_duty", exact, formula, year=year)


def _vehicle(spec: TariffSpec, facts: VehicleFacts, year: int) -> LineItem:
    if facts.vehicle_class not in VehicleClass.values:
        raise ValidationError(f"رده خودرو «{facts.vehicle_class}» شناخته نیست.", code="class")
    bands = spec.vehicles.classes[VehicleClass(facts.vehicle_class)]
    age = max(0, year - facts.model_year)
    band = next(b for b in bands if b.up_to_age is None or age <= b.up_to_age)
    ceiling = f"تا {num(band.up_to_age)} سال" if band.up_to_age is not None else "بیشترین ردیف"
    formula = f"خودرو ساخت {year_text(facts.model_year)}، {num(age)} سال (ردیف {ceiling})"
    return priced(spec, "vehicle_duty", Decimal(band.amount), formula, year=year)
