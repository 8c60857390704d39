"""The calculators against hand-computed examples, one line item at a time.

Books: the repository's example books, with a test zone T1 whose transaction values per m²
are round numbers (land / building: 1403 1,500,000 / 900,000; 1404 2,000,000 / 1,200,000;
1405 2,500,000 / 1,500,000). Coefficients are the files' (1405): residential band ≤150 m²
basement 0.25, ground 0.6, first 0.7, upper 0.8; commercial acceptance ground 3; extra
density mixed 2; projection 1.2; parking 400,000,000 a space; expert visit 4,500,000; VAT
10 %; shares 5 / 3 / 2 %; renewal 0.5 %, age ≤10 factor 1; good payer 10 % from 01-01 to
09-30 (1405); arrears 12 %/year (renewal), 10 %/year capped at 30 % (vehicles); family 50 %.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError

from nama.billing.calculators import (
    Article100Facts,
    BuildingFacts,
    BusinessFacts,
    LineItem,
    PermitFacts,
    RenewalFacts,
    VehicleFacts,
    article100_fine,
    business_duty,
    fixed_fees,
    permit_fees,
    renewal_duty,
    vehicle_duty,
)
from nama.billing.tariffs import TariffSpec, parse_tariff
from nama.billing.tariffs.files import TARIFF_DIR
from nama.core.jalali import from_jalali

T1 = {
    1403: {"land": 1_500_000, "building": 900_000},
    1404: {"land": 2_000_000, "building": 1_200_000},
    1405: {"land": 2_500_000, "building": 1_500_000},
}
D15 = [
    "permit_residential_area",
    "commercial_acceptance",
    "office_acceptance",
    "extra_density",
    "balcony_projection",
    "parking_shortage",
    "expert_visit",
    "education_share",
    "fire_service_share",
    "urban_rail_share",
    "vat",
]


def book(year: int = 1405, **changes: Any) -> TariffSpec:
    data = yaml.safe_load((TARIFF_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    data["transaction_values"]["zones"]["T1"] = T1[year]
    data.update(changes)
    return parse_tariff(data)


BOOKS = {year: book(year) for year in T1}


def building(**overrides: Any) -> PermitFacts:
    facts: dict[str, Any] = {
        "land_area": Decimal(200),
        "zone_code": "T1",
        "district_number": 7,
        "allowed_density_percent": 180,
        "use": "residential",
        "floors": 3,
        "total_floor_area": Decimal(450),
        "units": 3,
        "parking_spaces": 3,
        "has_basement": True,
    }
    return PermitFacts(**{**facts, **overrides})


def amounts(lines: list[LineItem]) -> dict[str, int]:
    return {line.rule: line.amount for line in lines}


def by_account(lines: list[LineItem]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.account] += line.amount
    return dict(totals)


def test_a_residential_permit_line_by_line() -> None:
    lines = permit_fees(BOOKS[1405], building(), D15)

    # 450 m² over basement + 3 floors = 112.5 m² a level; 150 m² a unit → band ≤150.
    assert amounts(lines) == {
        "permit_residential_area": 660_937_500,  # 112.5 × 2,500,000 × (0.25+0.6+0.7+0.8)
        "expert_visit": 4_500_000,
        "education_share": 33_046_875,  # 5 % × 660,937,500
        "fire_service_share": 19_828_125,  # 3 %
        "urban_rail_share": 13_218_750,  # 2 %
        "vat": 450_000,  # 10 % × 4,500,000 (the expert visit; duties carry no VAT)
    }
    assert by_account(lines) == {
        "municipality": 660_937_500 + 4_500_000,
        "education": 33_046_875,
        "fire_service": 19_828_125,
        "urban_rail": 13_218_750,
        "vat": 450_000,
    }
    explanation = lines[0].explanation
    assert "زیرزمین: ۱۱۲٫۵ مترمربع × ارزش معاملاتی ۲٬۵۰۰٬۰۰۰ ریال (پهنه T1) × ضریب ۰٫۲۵" in (
        explanation
    )
    assert explanation.endswith("= ۶۶۰٬۹۳۷٬۵۰۰ ریال")


def test_a_mixed_building_with_extra_density_projection_parking_and_family_discount() -> None:
    facts = building(
        use="mixed",
        floors=4,
        has_basement=False,
        total_floor_area=Decimal(480),
        parking_spaces=1,
        projection_area=Decimal(10),
        family_discount=True,
    )

    lines = permit_fees(BOOKS[1405], facts, D15)

    # 4 levels × 120 m²: ground commercial, first + two upper residential (360 m², 120 a unit).
    assert [(line.rule, line.amount) for line in lines] == [
        ("permit_residential_area", 690_000_000),  # 120 × 2,500,000 × (0.7 + 0.8 + 0.8)
        ("family_discount", -345_000_000),  # 50 %
        ("commercial_acceptance", 900_000_000),  # 120 × 2,500,000 × 3
        ("extra_density", 600_000_000),  # (480 − 200 × 180 % = 360) = 120 × 2,500,000 × 2
        ("balcony_projection", 30_000_000),  # 10 × 2,500,000 × 1.2
        ("parking_shortage", 800_000_000),  # (3 needed − 1) × 400,000,000
        ("expert_visit", 4_500_000),
        ("education_share", 92_250_000),  # 5 % × (345,000,000 + 900,000,000 + 600,000,000)
        ("fire_service_share", 37_350_000),  # 3 % × (345,000,000 + 900,000,000)
        ("urban_rail_share", 36_900_000),  # 2 % × 1,845,000,000
        ("vat", 450_000),
    ]
    assert lines[1].account == "municipality"


def test_each_line_is_rounded_to_whole_rials_half_up() -> None:
    fees = {**BOOKS[1405].fixed_fees, "walling_fee": 18_000_005}
    spec = book(fixed_fees=fees)

    lines = fixed_fees(spec, ["walling_fee", "expert_visit", "vat"])

    # 10 % × (18,000,005 + 4,500,000) = 2,250,000.5 → 2,250,001
    assert amounts(lines) == {
        "walling_fee": 18_000_005,
        "expert_visit": 4_500_000,
        "vat": 2_250_001,
    }
    assert "۲٬۲۵۰٬۰۰۰٫۵ ریال ≈ ۲٬۲۵۰٬۰۰۱ ریال" in lines[-1].explanation


def test_transaction_value_falls_back_to_the_district_then_the_city() -> None:
    spec = BOOKS[1405]

    assert spec.values_at("T1", 7)[0].land == 2_500_000
    assert spec.values_at("Z9", 7) == (spec.transaction_values.districts[7], "پیش‌فرض منطقه ۷")
    assert spec.values_at(None, 14) == (spec.transaction_values.city, "پیش‌فرض شهر")


def test_impossible_building_figures_are_refused_in_persian() -> None:
    with pytest.raises(ValidationError) as refused:
        building(floors=0, units=0)

    assert refused.value.messages == [
        "تعداد طبقات باید دست‌کم یک باشد.",
        "تعداد واحدها باید دست‌کم یک باشد.",
    ]


HOUSE = RenewalFacts(
    land_area=Decimal(200),
    zone_code="T1",
    district_number=7,
    buildings=(BuildingFacts(area=Decimal(240), structure="concrete", construction_year=1395),),
)


def in_1405(month: int, day: int) -> date:
    return from_jalali(1405, month, day)


def test_renewal_duty_of_the_current_year_inside_the_good_payer_window() -> None:
    lines = renewal_duty(BOOKS, HOUSE, [1405], in_1405(2, 10))

    # (200 × 2,500,000 + 240 × 1,500,000 × use 1 × concrete 1 × age 10 → 1) × 0.5 %
    assert [(line.rule, line.jalali_year, line.amount) for line in lines] == [
        ("renewal_duty", 1405, 4_300_000),
        ("education_share", 1405, 215_000),  # 5 %
        ("good_payer_discount", 1405, -430_000),  # 10 % of the duty
    ]


def test_renewal_arrears_are_priced_by_their_own_year_plus_a_surcharge_and_lose_the_discount() -> (
    None
):
    lines = renewal_duty(BOOKS, HOUSE, [1403, 1404, 1405], in_1405(2, 10))

    assert [(line.rule, line.jalali_year, line.amount) for line in lines] == [
        ("renewal_duty", 1403, 2_580_000),  # (200 × 1,500,000 + 240 × 900,000) × 0.5 %
        ("education_share", 1403, 129_000),
        ("arrears_surcharge", 1403, 619_200),  # 2 years × 12 % = 24 % × 2,580,000
        ("renewal_duty", 1404, 3_440_000),  # (200 × 2,000,000 + 240 × 1,200,000) × 0.5 %
        ("education_share", 1404, 172_000),
        ("arrears_surcharge", 1404, 412_800),  # 12 % × 3,440,000
        ("renewal_duty", 1405, 4_300_000),
        ("education_share", 1405, 215_000),
    ]


def test_renewal_outside_the_window_has_no_discount_and_small_duties_meet_the_minimum() -> None:
    plot = RenewalFacts(land_area=Decimal(10), zone_code="T1", district_number=7)

    lines = renewal_duty(BOOKS, plot, [1405], in_1405(11, 1))

    # 10 × 2,500,000 × 0.5 % = 125,000, below the book's minimum of 500,000.
    assert amounts(lines) == {"renewal_duty": 500_000, "education_share": 25_000}
    assert "کمینه این ردیف ۵۰۰٬۰۰۰ ریال" in lines[0].explanation


def test_family_discount_reduces_the_renewal_duty_and_its_share() -> None:
    facts = RenewalFacts(
        land_area=Decimal(200), zone_code="T1", district_number=7, family_discount=True
    )

    lines = renewal_duty(BOOKS, facts, [1405], in_1405(11, 1))

    assert amounts(lines) == {
        "renewal_duty": 2_500_000,  # 200 × 2,500,000 × 0.5 %
        "family_discount": -1_250_000,  # 50 %
        "education_share": 62_500,  # 5 % × 1,250,000
    }


def test_business_duty_by_guild_within_minimum_and_maximum_and_banks_fixed() -> None:
    def duty(guild: str, area: int) -> int:
        facts = BusinessFacts(guild, Decimal(area), "T1", 7)
        (line,) = business_duty(BOOKS, facts, [1405], in_1405(11, 1))
        return line.amount

    assert duty("grocery", 100) == 7_500_000  # 100 × 2,500,000 × 0.03
    assert duty("grocery", 10) == 3_000_000  # 750,000, below the minimum
    assert duty("jewellery", 1000) == 150_000_000  # 200,000,000, above the maximum
    assert duty("bank", 30) == 350_000_000  # fixed
    with pytest.raises(ValidationError, match="رسته صنفی «casino»"):
        duty("casino", 30)


def test_vehicle_duty_by_class_and_age_with_a_capped_late_surcharge() -> None:
    books = dict.fromkeys(range(1401, 1406), BOOKS[1405])
    car = VehicleFacts("passenger", model_year=1398)

    lines = vehicle_duty(books, car, [1401, 1404, 1405], in_1405(11, 1))

    assert [(line.rule, line.jalali_year, line.amount) for line in lines] == [
        ("vehicle_duty", 1401, 2_500_000),  # age 3: band ≤5
        ("arrears_surcharge", 1401, 750_000),  # 4 years × 10 % = 40 %, capped at 30 %
        ("vehicle_duty", 1404, 1_800_000),  # age 6: band ≤15
        ("arrears_surcharge", 1404, 180_000),  # 10 %
        ("vehicle_duty", 1405, 1_800_000),
    ]


def test_a_year_without_a_book_or_in_the_future_is_refused() -> None:
    car = VehicleFacts("passenger", model_year=1398)

    with pytest.raises(ValidationError) as missing:
        vehicle_duty(BOOKS, car, [1402], in_1405(11, 1))
    with pytest.raises(ValidationError) as future:
        vehicle_duty(BOOKS, car, [1406], in_1405(11, 1))

    assert missing.value.messages == ["تعرفه سال ۱۴۰۲ تصویب نشده است."]
    assert future.value.messages == ["عوارض سال‌های آینده را نمی‌توان محاسبه کرد."]


def test_article100_fine_within_the_commission_band() -> None:
    parking = Article100Facts("parking", Decimal("1.5"), "T1", 7, missing_spaces=2)

    line = article100_fine(BOOKS[1405], parking)

    assert line.amount == 112_500_000  # 2 spaces × 25 m² × 1,500,000 × 1.5
    with pytest.raises(ValidationError, match="بیرون از بازه"):
        article100_fine(
            BOOKS[1405], Article100Facts("residential", Decimal(4), "T1", 7, Decimal(10))
        )
