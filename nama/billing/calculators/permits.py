"""Permit fees (domain reference §6): residential floor area, acceptance (پذیره) by floor,
extra density, projections, parking shortage, fixed fees, then family discounts, the shares
of other bodies and VAT computed from the lines they are based on.

Floors: ``floors`` counts the storeys above ground (ground included); a basement adds one
level. Every level gets an equal share of ``total_floor_area`` (rounded to 0.01 m²). A
residential building pays the floor-area fee on every level; a commercial or office one the
acceptance fee of its use on every level; a mixed one the commercial acceptance fee on the
ground floor and the residential fee on the others.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from nama.billing.calculators.lines import (
    FAMILY_DISCOUNT_LABEL,
    FAMILY_DISCOUNT_RULE,
    LineItem,
    label_of,
    money,
    num,
    percent,
    priced,
    year_text,
)
from nama.billing.calculators.lines import (
    reduction as discount_line,
)
from nama.billing.tariffs.schema import FloorCoefficients, FloorKind, PermitUse, TariffSpec
from nama.billing.tariffs.validation import SHARE_RULES

USES: frozenset[str] = frozenset({"residential", "commercial", "mixed", "office"})
CENTIMETRES = Decimal("0.01")
LEVEL_NAMES = {"basement": "زیرزمین", "ground": "همکف", "first": "طبقه اول"}


@dataclass(frozen=True, slots=True)
class PermitFacts:
    """What permit fees are computed from (the form, the parcel and its zone)."""

    land_area: Decimal
    zone_code: str | None
    district_number: int | None
    allowed_density_percent: int | None
    use: PermitUse
    floors: int
    total_floor_area: Decimal
    units: int
    parking_spaces: int
    has_basement: bool
    projection_area: Decimal = Decimal(0)
    family_discount: bool = False

    def __post_init__(self) -> None:
        problems = [
            message
            for failed, message in (
                (self.land_area <= 0, "مساحت عرصه (سند) باید بیش از صفر باشد."),
                (self.use not in USES, f"کاربری «{self.use}» شناخته نیست."),
                (self.floors < 1, "تعداد طبقات باید دست‌کم یک باشد."),
                (self.total_floor_area <= 0, "زیربنای کل باید بیش از صفر باشد."),
                (self.units < 1, "تعداد واحدها باید دست‌کم یک باشد."),
                (self.parking_spaces < 0, "تعداد پارکینگ نمی‌تواند منفی باشد."),
                (self.projection_area < 0, "مساحت پیش‌آمدگی نمی‌تواند منفی باشد."),
            )
            if failed
        ]
        if problems:
            raise ValidationError(problems, code="permit_facts")


@dataclass(frozen=True, slots=True)
class Level:
    kind: FloorKind
    name: str
    area: Decimal


def levels(facts: PermitFacts) -> list[Level]:
    """The building's levels, each with an equal share of the total floor area."""
    kinds: list[tuple[FloorKind, str]] = []
    if facts.has_basement:
        kinds.append(("basement", LEVEL_NAMES["basement"]))
    kinds.append(("ground", LEVEL_NAMES["ground"]))
    if facts.floors >= 2:
        kinds.append(("first", LEVEL_NAMES["first"]))
    kinds += [("upper", f"طبقه {year_text(n)}") for n in range(2, facts.floors)]
    area = (facts.total_floor_area / len(kinds)).quantize(CENTIMETRES, rounding=ROUND_HALF_UP)
    return [Level(kind, name, area) for kind, name in kinds]


def _use_of(facts: PermitFacts, level: Level) -> str:
    if facts.use == "mixed":
        return "commercial" if level.kind == "ground" else "residential"
    return facts.use


def _floor_terms(
    levels_: Sequence[Level], land_value: int, where: str, coefficient: Callable[[Level], Decimal]
) -> tuple[Decimal, str]:
    terms = [(level, coefficient(level)) for level in levels_]
    exact = sum((level.area * land_value * k for level, k in terms), Decimal(0))
    text = " + ".join(
        f"{level.name}: {num(level.area)} مترمربع × ارزش معاملاتی {money(land_value)}"
        f" ({where}) × ضریب {num(k)}"
        for level, k in terms
    )
    return exact, text


def residential_area(spec: TariffSpec, facts: PermitFacts) -> LineItem | None:
    chosen = [level for level in levels(facts) if _use_of(facts, level) == "residential"]
    if not chosen:
        return None
    average = sum((level.area for level in chosen), Decimal(0)) / facts.units
    average = average.quantize(CENTIMETRES, rounding=ROUND_HALF_UP)
    band = next(b for b in spec.residential_area.bands if b.up_to is None or average <= b.up_to)
    ceiling = f"تا {num(band.up_to)} مترمربع" if band.up_to is not None else "بیشترین ردیف"
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    exact, terms = _floor_terms(chosen, values.land, where, lambda level: band.of(level.kind))
    intro = f"متوسط مساحت هر واحد {num(average)} مترمربع (ردیف {ceiling})؛ "
    return priced(spec, "permit_residential_area", exact, intro + terms)


def acceptance(spec: TariffSpec, facts: PermitFacts, use: str) -> LineItem | None:
    chosen = [level for level in levels(facts) if _use_of(facts, level) == use]
    if not chosen:
        return None
    table: FloorCoefficients = getattr(spec.acceptance, use)
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    exact, terms = _floor_terms(chosen, values.land, where, lambda level: table.of(level.kind))
    return priced(spec, f"{use}_acceptance", exact, terms)


def extra_density(spec: TariffSpec, facts: PermitFacts) -> LineItem | None:
    if facts.allowed_density_percent is None:
        return None
    above = sum((lv.area for lv in levels(facts) if lv.kind != "basement"), Decimal(0))
    allowed = facts.land_area * facts.allowed_density_percent / 100
    extra = above - allowed
    if extra <= 0:
        return None
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    k = spec.extra_density[facts.use]
    formula = (
        f"(زیربنای روی زمین {num(above)} − عرصه {num(facts.land_area)} × تراکم مجاز "
        f"{percent(Decimal(facts.allowed_density_percent))} = {num(allowed)}) = {num(extra)} "
        f"مترمربع × ارزش معاملاتی {money(values.land)} ({where}) × ضریب {num(k)}"
    )
    return priced(spec, "extra_density", extra * values.land * k, formula)


def projection(spec: TariffSpec, facts: PermitFacts) -> LineItem | None:
    if facts.projection_area <= 0:
        return None
    values, where = spec.values_at(facts.zone_code, facts.district_number)
    k = spec.projection_coefficient
    formula = (
        f"{num(facts.projection_area)} مترمربع × ارزش معاملاتی {money(values.land)} ({where})"
        f" × ضریب {num(k)}"
    )
    return priced(spec, "balcony_projection", facts.projection_area * values.land * k, formula)


def parking_shortage(spec: TariffSpec, facts: PermitFacts) -> LineItem | None:
    policy = spec.parking_shortage
    required = math.ceil(facts.units * policy.spaces_per_unit)
    missing = required - facts.parking_spaces
    if missing <= 0:
        return None
    formula = (
        f"({num(facts.units)} واحد × {num(policy.spaces_per_unit)} = {num(required)} فضای لازم"
        f" − {num(facts.parking_spaces)} موجود) = {num(missing)} فضای کسری"
        f" (هر فضا {num(policy.area_per_space_m2)} مترمربع) × {money(policy.fee_per_space)}"
    )
    return priced(spec, "parking_shortage", Decimal(missing * policy.fee_per_space), formula)


AREA_CALCULATORS: dict[str, Callable[[TariffSpec, PermitFacts], LineItem | None]] = {
    "permit_residential_area": residential_area,
    "commercial_acceptance": lambda spec, facts: acceptance(spec, facts, "commercial"),
    "office_acceptance": lambda spec, facts: acceptance(spec, facts, "office"),
    "extra_density": extra_density,
    "balcony_projection": projection,
    "parking_shortage": parking_shortage,
}


def fixed_fee(spec: TariffSpec, rule: str) -> LineItem:
    amount = spec.fixed_fees[rule]
    formula = f"مبلغ ثابت تعرفه سال {year_text(spec.year)}"
    return priced(spec, rule, Decimal(amount), formula)


def permit_fees(tariff: TariffSpec, facts: PermitFacts, rules: list[str]) -> list[LineItem]:
    """The lines of ``rules`` (a service's ``fees``) for a building: area-based rules from
    ``facts``, fixed fees from the book, then discounts, shares and VAT. A rule that does not
    apply (no basement, no shortage, another use) gives no line."""
    primary = [
        line
        for rule in rules
        if (line := _primary(tariff, facts, rule)) is not None and line.amount != 0
    ]
    return finish(tariff, primary, rules, family_discount=facts.family_discount)


def fixed_fees(
    tariff: TariffSpec, rules: list[str], *, family_discount: bool = False
) -> list[LineItem]:
    """The lines of a service whose fees do not depend on a building: fixed fees, then
    discounts, shares and VAT. Rules that need a building or a duty subject give no line."""
    primary = [fixed_fee(tariff, rule) for rule in rules if rule in tariff.fixed_fees]
    return finish(tariff, primary, rules, family_discount=family_discount)


def _primary(spec: TariffSpec, facts: PermitFacts, rule: str) -> LineItem | None:
    calculator = AREA_CALCULATORS.get(rule)
    if calculator is not None:
        return calculator(spec, facts)
    return fixed_fee(spec, rule) if rule in spec.fixed_fees else None


def finish(
    spec: TariffSpec,
    primary: list[LineItem],
    rules: Sequence[str],
    *,
    family_discount: bool,
    year: int | None = None,
) -> list[LineItem]:
    """Add family discounts after the lines they reduce, then the requested shares and VAT,
    each computed from the (discounted) lines of the rules it is based on."""
    items: list[LineItem] = []
    net: dict[str, int] = defaultdict(int)
    for line in primary:
        items.append(line)
        net[line.rule] += line.amount
        if family_discount and line.rule in spec.family_discount.applies_to and line.amount > 0:
            reduction = discount_line(
                rule=FAMILY_DISCOUNT_RULE,
                label=f"{FAMILY_DISCOUNT_LABEL} — {line.label}",
                account=line.account,
                base=line.amount,
                pct=spec.family_discount.percent,
                year=line.jalali_year,
            )
            items.append(reduction)
            net[line.rule] += reduction.amount
    for rule in [rule for rule in rules if rule in SHARE_RULES]:
        share = spec.shares[rule]
        line_or_none = _percent_of(spec, rule, share.percent, share.base, net=net, year=year)
        if line_or_none is not None:
            items.append(line_or_none)
            net[rule] += line_or_none.amount
    if "vat" in rules:
        vat = _percent_of(spec, "vat", spec.vat.percent, spec.vat.applies_to, net=net, year=year)
        items += [vat] if vat is not None else []
    return items


def _percent_of(
    spec: TariffSpec,
    rule: str,
    pct: Decimal,
    base_rules: Sequence[str],
    *,
    net: dict[str, int],
    year: int | None,
) -> LineItem | None:
    parts = [(base, net[base]) for base in base_rules if net.get(base)]
    base = sum(amount for _, amount in parts)
    if base <= 0:
        return None
    listed = " + ".join(f"{label_of(name)} {money(amount)}" for name, amount in parts)
    formula = f"{percent(pct)} × ({listed})"
    return priced(spec, rule, Decimal(base) * pct / 100, formula, year=year)
