"""Tolerances at their edges, and reading what an inspector types (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nama.inspections.comparison import (
    clean_measure,
    clean_values,
    differs,
    display,
    observed_figures,
)


@pytest.mark.parametrize(
    ("key", "reported", "observed", "expected"),
    [
        # Areas: 5 % of the reported figure; exactly at the edge agrees.
        ("land_area", "100.00", "105.00", False),
        ("land_area", "100.00", "105.01", True),
        ("land_area", "100.00", "95.00", False),
        ("land_area", "100.00", "94.99", True),
        ("built_area", "450.00", "472.50", False),
        ("built_area", "450.00", "472.51", True),
        # Counts: exact.
        ("floors", 3, 3, False),
        ("floors", 3, 4, True),
        ("units", 4, 3, True),
        ("parking_spaces", 0, 0, False),
        ("parking_spaces", 0, 1, True),
        # Setback: half a metre either way.
        ("setback_observed", "1.00", "1.50", False),
        ("setback_observed", "1.00", "1.51", True),
        ("setback_observed", "1.00", "0.50", False),
        ("setback_observed", "1.00", "0.49", True),
        # Use: exact.
        ("use", "residential", "residential", False),
        ("use", "residential", "commercial", True),
    ],
)
def test_a_difference_exactly_at_the_tolerance_is_no_discrepancy(
    key: str, reported: object, observed: object, expected: bool
) -> None:
    assert differs(key, reported, observed) is expected


def test_figures_are_read_in_any_digit_script() -> None:
    assert clean_measure("land_area", "۲۴۰٫۵") == "240.50"
    assert clean_measure("land_area", "٢٤٠.٥") == "240.50"
    assert clean_measure("built_area", "۱٬۲۰۰") == "1200.00"
    assert clean_measure("floors", "۳") == 3
    assert clean_measure("floors", "") is None


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("floors", "۲٫۵", "باید عدد صحیح باشد."),
        ("floors", "سه", "باید عدد باشد."),
        ("units", "-1", "کمتر از ۰ نباشد."),
        ("land_area", "0", "کمتر از ۱ نباشد."),
        ("use", "castle", "یکی از گزینه‌ها را انتخاب کنید."),
    ],
)
def test_an_unreadable_figure_is_refused_in_persian(key: str, typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_measure(key, typed)
    assert refused.value.messages == [message]


def test_a_report_is_cleaned_field_by_field() -> None:
    cleaned, errors = clean_values(
        {
            "land_area": "۶۳۰",
            "floors": "x",
            "built_area_by_floor": ["۱۵۰", "", "۱۶۰٫۲۵"],
            "violations": "  اضافه‌بنا در بام  ",
            "use": "",
        }
    )
    assert cleaned == {
        "land_area": "630.00",
        "built_area_by_floor": ["150.00", "160.25"],
        "violations": "اضافه‌بنا در بام",
    }
    assert errors == {"floors": ["باید عدد باشد."]}


def test_the_observed_built_area_is_the_floors_sum() -> None:
    figures = observed_figures({"floors": 2, "built_area_by_floor": ["150.00", "160.25"]})
    assert figures == {"floors": 2, "built_area": "310.25"}
    assert Decimal(figures["built_area"]) == Decimal("310.25")


def test_figures_are_shown_in_persian_with_their_unit() -> None:
    assert display("land_area", "630.50") == "۶۳۰٫۵ مترمربع"
    assert display("floors", 4) == "۴ طبقه"
    assert display("use", "residential") == "مسکونی"
    assert display("setback_observed", None) == "—"
