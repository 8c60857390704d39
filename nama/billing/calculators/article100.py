"""The Article 100 commission's fine (جریمه کمیسیون ماده ۱۰۰): violating area × the building
transaction value × the coefficient the commission chose, which must lie in the book's band
for the violation's kind. Missing parking counts each space as 25 m² (configurable)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from nama.billing.calculators.lines import LineItem, money, num, priced
from nama.billing.tariffs.schema import Article100Kind, TariffSpec

KIND_NAMES = {
    "residential": "مسکونی",
    "commercial": "تجاری",
    "office": "اداری",
    "parking": "کسری پارکینگ",
}


@dataclass(frozen=True, slots=True)
class Article100Facts:
    """The ruling: what kind of violation, over how much area (or how many missing spaces),
    at which coefficient."""

    kind: Article100Kind
    coefficient: Decimal
    zone_code: str | None
    district_number: int | None
    area: Decimal = Decimal(0)
    missing_spaces: int = 0


def article100_fine(tariff: TariffSpec, facts: Article100Facts) -> LineItem:
    low, high = tariff.article100.bands[facts.kind]
    if not low <= facts.coefficient <= high:
        raise ValidationError(
            f"ضریب {num(facts.coefficient)} برای تخلف {KIND_NAMES[facts.kind]} بیرون از بازه "
            f"{num(low)} تا {num(high)} است.",
            code="article100_band",
        )
    area, area_text = _area(tariff, facts)
    if area <= 0:
        raise ValidationError("مساحت تخلف باید بیش از صفر باشد.", code="article100_area")
    values, where = tariff.values_at(facts.zone_code, facts.district_number)
    formula = (
        f"{area_text} × ارزش معاملاتی اعیان {money(values.building)} ({where}) × ضریب"
        f" {num(facts.coefficient)} ({KIND_NAMES[facts.kind]})"
    )
    exact = area * values.building * facts.coefficient
    return priced(tariff, "article100_fine", exact, formula)


def _area(tariff: TariffSpec, facts: Article100Facts) -> tuple[Decimal, str]:
    if facts.kind != "parking":
        return facts.area, f"{num(facts.area)} مترمربع"
    per_space = tariff.article100.parking_area_per_space_m2
    area = Decimal(facts.missing_spaces * per_space)
    return area, f"{num(facts.missing_spaces)} فضا × {num(per_space)} مترمربع"
