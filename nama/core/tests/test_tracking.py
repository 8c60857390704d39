"""Tracking codes: random, 12 digits, and every single typo or adjacent swap is caught."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from nama.core.tracking import (
    format_tracking_code,
    new_tracking_code,
    parse_tracking_code,
    verhoeff_digit,
)


def test_known_verhoeff_example() -> None:
    # The textbook example: 236 → check digit 3.
    assert verhoeff_digit("236") == "3"


def test_new_codes_parse_and_differ() -> None:
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(parse_tracking_code(code) == code for code in codes)
    assert all(code[0] != "0" for code in codes)


def test_typed_forms_are_accepted() -> None:
    code = new_tracking_code()
    persian = format_tracking_code(code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert parse_tracking_code(f" {persian} ") == code


@given(st.integers(0, 11), st.integers(1, 9))
def test_every_single_digit_typo_is_caught(position: int, shift: int) -> None:
    code = new_tracking_code()
    wrong = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    with pytest.raises(ValidationError):
        parse_tracking_code(wrong)


@given(st.integers(0, 10))
def test_every_adjacent_swap_is_caught(position: int) -> None:
    code = new_tracking_code()
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    with pytest.raises(ValidationError):
        parse_tracking_code(swapped)


@pytest.mark.parametrize("bad", ["", "12345", "12345678901a", "1234567890123"])
def test_malformed_codes_are_refused_in_persian(bad: str) -> None:
    with pytest.raises(ValidationError, match="کد رهگیری"):
        parse_tracking_code(bad)
