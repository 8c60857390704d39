"""The tariff book of one Jalali year (دفترچه تعرفه عوارض محلی), as YAML (domain reference §6).

Money is integer rials; coefficients and percents are decimals. A short tour::

    year: 1405
    title: دفترچه تعرفه عوارض محلی ۱۴۰۵ (نمونه)
    illustrative: true              # made-up numbers: every page that uses them says so
    note: ارقام این دفترچه نمونه‌اند و مصوبه شورا نیستند.
    accounts: {permit_residential_area: municipality, vat: vat, ...}   # rule -> account code
    transaction_values:             # P per m² (ارزش معاملاتی): zone, else district, else city
      city: {land: 9000000, building: 6000000}
      districts: {7: {land: 11000000, building: 7000000}}
      zones: {R122: {land: 12000000, building: 7500000}}
    residential_area:               # K by average unit area band and floor
      bands: [{up_to: 100, basement: 0.2, ground: 0.6, first: 0.7, upper: 0.8}, ...]
    acceptance:                     # پذیره: K by floor
      commercial: {basement: 1.5, ground: 3, first: 2, upper: 1.5}
      office: {...}
    extra_density: {residential: 1.5, commercial: 3, mixed: 2, office: 2}
    projection_coefficient: 1.2
    parking_shortage: {fee_per_space: 350000000, spaces_per_unit: 1, area_per_space_m2: 25}
    fixed_fees: {expert_visit: 4000000, walling_fee: 12000000, ...}
    vat: {percent: 10, applies_to: [expert_visit, walling_fee, ...]}
    shares:                         # percent of the named rules' lines
      education_share: {percent: 5, base: [permit_residential_area, renewal_duty, ...]}
    renewal: {rate_percent: 0.5, use_factors: {...}, structure_factors: {...},
              age_bands: [{up_to: 10, factor: 1}, ...]}
    good_payer: {percent: 10, start: 01-01, end: 03-31, applies_to: [renewal_duty]}
    arrears: {renewal_duty: {percent_per_year: 12, max_percent: 48}, ...}
    business: {guilds: {grocery: {label: بقالی و سوپرمارکت, coefficient: 0.03,
                                  minimum: 3000000, maximum: 40000000}, bank: {...}}}
    vehicles: {classes: {passenger: [{up_to_age: 5, amount: 2500000}, ...], ...}}
    installments: {purposes: [permit_fees], min_amount: 500000000, max_count: 6}
    limits: {expert_visit: {minimum: 2000000}}
    family_discount: {percent: 50, applies_to: [permit_residential_area, renewal_duty]}
    article100: {bands: {residential: [0.5, 3], ...}, parking_area_per_space_m2: 25}

``validation.parse_tariff`` checks the shape and the rules across sections and reports every
problem in Persian with its path.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from nama.billing.constants import Purpose, VehicleClass
from nama.core.text import normalize_persian, to_persian_digits
from nama.parcels.constants import Structure

PermitUse = Literal["residential", "commercial", "mixed", "office"]
FloorKind = Literal["basement", "ground", "first", "upper"]
Article100Kind = Literal["residential", "commercial", "office", "parking"]
DutyRule = Literal["renewal_duty", "business_duty", "vehicle_duty"]

Rials = Annotated[int, Field(ge=0, le=10**15, strict=True)]
Coefficient = Annotated[Decimal, Field(ge=0, le=1000)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]
Area = Annotated[Decimal, Field(gt=0, le=10**6)]
Label = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(normalize_persian)]
Text = Annotated[str, Field(max_length=2000), AfterValidator(normalize_persian)]
AccountCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
RuleName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]

_MONTH_DAY = re.compile(r"^(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$")


def _month_day(value: Any) -> Any:
    """ "03-31" → (3, 31): a Jalali month and a day that exists in it (Esfand: up to 30)."""
    match = _MONTH_DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("month_day")
    month, day = int(match[1]), int(match[2])
    if day > (31 if month <= 6 else 30):
        raise ValueError("month_day")
    return month, day


MonthDay = Annotated[tuple[int, int], BeforeValidator(_month_day)]


def fa(value: object) -> str:
    return to_persian_digits(str(value))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Values(_Strict):
    """Transaction values per m² (rials) of land and of buildings."""

    land: Rials
    building: Rials


class TransactionValues(_Strict):
    city: Values
    districts: dict[int, Values] = Field(default_factory=dict)
    zones: dict[str, Values] = Field(default_factory=dict)


class FloorCoefficients(_Strict):
    basement: Coefficient
    ground: Coefficient
    first: Coefficient
    upper: Coefficient

    def of(self, floor: FloorKind) -> Decimal:
        value: Decimal = getattr(self, floor)
        return value


class AreaBand(FloorCoefficients):
    """Coefficients for an average unit area up to ``up_to`` m² (None: any larger)."""

    up_to: Area | None


class ResidentialArea(_Strict):
    bands: list[AreaBand] = Field(min_length=1)


class Acceptance(_Strict):
    commercial: FloorCoefficients
    office: FloorCoefficients


class ParkingShortage(_Strict):
    fee_per_space: Rials
    spaces_per_unit: Coefficient = Decimal(1)
    # Shown in the explanation: a space is counted as 25 m² (the Article 100 practice).
    area_per_space_m2: int = Field(default=25, ge=1, le=100)


class Vat(_Strict):
    percent: Percent
    applies_to: list[RuleName]


class Share(_Strict):
    percent: Percent
    base: list[RuleName] = Field(min_length=1)


class AgeBand(_Strict):
    up_to: int | None = Field(ge=0, le=500)
    factor: Coefficient


class Renewal(_Strict):
    rate_percent: Percent
    use_factors: dict[PermitUse, Coefficient]
    structure_factors: dict[Structure, Coefficient]
    age_bands: list[AgeBand] = Field(min_length=1)


class GoodPayer(_Strict):
    percent: Percent
    start: MonthDay
    end: MonthDay
    applies_to: list[DutyRule] = Field(min_length=1)


class Arrears(_Strict):
    percent_per_year: Percent
    max_percent: Annotated[Decimal, Field(ge=0, le=1000)]


class Guild(_Strict):
    """A guild class: ``P × area × coefficient`` between minimum and maximum, or ``fixed``."""

    label: Label
    coefficient: Coefficient | None = None
    fixed: Rials | None = None
    minimum: Rials = 0
    maximum: Rials | None = None


class Business(_Strict):
    guilds: dict[RuleName, Guild] = Field(min_length=1)


class VehicleBand(_Strict):
    up_to_age: int | None = Field(ge=0, le=200)
    amount: Rials


class Vehicles(_Strict):
    classes: dict[VehicleClass, list[VehicleBand]]


class Installments(_Strict):
    purposes: list[Purpose]
    min_amount: Rials
    max_count: int = Field(ge=1, le=36)


class Limit(_Strict):
    minimum: Rials | None = None
    maximum: Rials | None = None


class FamilyDiscount(_Strict):
    """Martyrs' and veterans' families (خانواده‌های معظم شهدا و ایثارگران)."""

    percent: Percent
    applies_to: list[RuleName]


class Article100(_Strict):
    """The coefficient bands the commission chooses within (violating area × P_building × K)."""

    bands: dict[Article100Kind, tuple[Coefficient, Coefficient]]
    parking_area_per_space_m2: int = Field(default=25, ge=1, le=100)


class TariffSpec(_Strict):
    """A validated tariff book; immutable."""

    year: int = Field(ge=1390, le=1500)
    title: Label
    illustrative: bool
    note: Text = ""
    accounts: dict[RuleName, AccountCode]
    transaction_values: TransactionValues
    residential_area: ResidentialArea
    acceptance: Acceptance
    extra_density: dict[PermitUse, Coefficient]
    projection_coefficient: Coefficient
    parking_shortage: ParkingShortage
    fixed_fees: dict[RuleName, Rials]
    vat: Vat
    shares: dict[RuleName, Share]
    renewal: Renewal
    good_payer: GoodPayer
    arrears: dict[DutyRule, Arrears]
    business: Business
    vehicles: Vehicles
    installments: Installments
    limits: dict[RuleName, Limit] = Field(default_factory=dict)
    family_discount: FamilyDiscount
    article100: Article100

    def values_at(self, zone_code: str | None, district_number: int | None) -> tuple[Values, str]:
        """P of a place and where it came from: the zone's, else the district's, else the
        city's default (the words say which, for explanations)."""
        values = self.transaction_values
        if zone_code and zone_code in values.zones:
            return values.zones[zone_code], f"پهنه {zone_code}"
        if district_number is not None and district_number in values.districts:
            return values.districts[district_number], f"پیش‌فرض منطقه {fa(district_number)}"
        return values.city, "پیش‌فرض شهر"

    def max_installments(self, purpose: Purpose, amount: int) -> int:
        """How many installments a charge of ``amount`` for ``purpose`` may be split into."""
        policy = self.installments
        if purpose not in policy.purposes or amount < policy.min_amount:
            return 1
        return policy.max_count
