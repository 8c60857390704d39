"""Money: integer rials, Persian thousands separators, toman for display."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nama.core.money import ensure_rials, format_rials, format_toman, rials_to_toman
from nama.core.text import normalize_digits


@pytest.mark.parametrize(
    ("rials", "expected"),
    [
        (0, "۰ ریال"),
        (999, "۹۹۹ ریال"),
        (1000, "۱٬۰۰۰ ریال"),
        (1_250_000, "۱٬۲۵۰٬۰۰۰ ریال"),
        (-25_000, "-۲۵٬۰۰۰ ریال"),
    ],
)
def test_format_rials(rials: int, expected: str) -> None:
    assert format_rials(rials) == expected


def test_format_rials_without_unit_or_with_ascii_digits() -> None:
    assert format_rials(1_250_000, unit=False) == "۱٬۲۵۰٬۰۰۰"
    assert format_rials(1_250_000, unit=False, persian_digits=False) == "1,250,000"


@pytest.mark.parametrize(
    ("rials", "expected"),
    [
        (0, Decimal(0)),
        (1_250_000, Decimal(125_000)),
        (1_250_005, Decimal("125000.5")),
        (-15, Decimal("-1.5")),
        (5, Decimal("0.5")),
    ],
)
def test_rials_to_toman_is_exact(rials: int, expected: Decimal) -> None:
    assert rials_to_toman(rials) == expected


@pytest.mark.parametrize(
    ("rials", "expected"),
    [
        (1_250_000, "۱۲۵٬۰۰۰ تومان"),
        (1_250_005, "۱۲۵٬۰۰۰٫۵ تومان"),
        (10, "۱ تومان"),
        (-5, "-۰٫۵ تومان"),
        (-12_345_670, "-۱٬۲۳۴٬۵۶۷ تومان"),
    ],
)
def test_format_toman_takes_rials(rials: int, expected: str) -> None:
    assert format_toman(rials) == expected


def test_format_toman_options() -> None:
    assert format_toman(12_345_675, unit=False, persian_digits=False) == "1,234,567.5"


@pytest.mark.parametrize("bad", [1.0, True, False, Decimal(1000), "1000", None])
def test_only_int_amounts_are_accepted(bad: object) -> None:
    with pytest.raises(TypeError, match="integer rials"):
        ensure_rials(bad)
    with pytest.raises(TypeError):
        format_rials(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_toman(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rials_to_toman(bad)  # type: ignore[arg-type]


@given(st.integers(-(10**15), 10**15))
def test_formatted_rials_read_back_to_the_amount(rials: int) -> None:
    text = format_rials(rials, unit=False)
    assert int(normalize_digits(text).replace("٬", "")) == rials
    assert set(text) <= set("-۰۱۲۳۴۵۶۷۸۹٬")


@given(st.integers(-(10**15), 10**15))
def test_formatted_toman_reads_back_to_a_tenth_of_the_amount(rials: int) -> None:
    text = normalize_digits(format_toman(rials, unit=False)).replace("٬", "").replace("٫", ".")
    assert Decimal(text) * 10 == rials
    assert rials_to_toman(rials) * 10 == rials
