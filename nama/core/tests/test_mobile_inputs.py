"""People type mobile numbers in many ways; all valid ones are stored as 09xxxxxxxxx."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nama.core.identifiers import validate_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09123456789",
        "9123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",  # Persian digits
        "٠٩١٢٣٤٥٦٧٨٩",  # Arabic-Indic digits
        "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
        "0912-345-6789",
        " 0912 345 6789 ",
        "(0912) 3456789",
        "۰۹۱۲۳۴۵۶۷۸۹\u200f",  # a right-to-left mark pasted with the number
    ],
)
def test_valid_numbers_are_normalised(typed: str) -> None:
    assert validate_mobile(typed) == "09123456789"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0912345678",  # one digit short
        "091234567890",  # one digit long
        "08123456789",  # not a mobile prefix
        "+9809123456789",
        "+19123456789",
        "0912345678x",
        "۰۹۱۲۳۴۵۶۷۸",
        "०९१२३४५६७८९",  # Devanagari digits are not Persian digits
        "09123456789\n1",
    ],
)
def test_invalid_numbers_are_refused_in_persian(typed: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile(typed)
    assert excinfo.value.code == "mobile_invalid"
