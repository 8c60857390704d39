"""Figures as citizens read them: Persian digits, «٬» between thousands, «٫» before decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from nama.core.text import to_persian_digits

SQUARE_METRES: Final = "مترمربع"
METRES: Final = "متر"
NONE: Final = "—"


def number(value: float | Decimal | int | None, places: int = 2) -> str:
    """``1234.5`` → ``۱٬۲۳۴٫۵۰`` (``places`` decimals; none for 0)."""
    if value is None:
        return NONE
    text = f"{Decimal(str(value)):,.{places}f}"
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


def square_metres(value: float | Decimal | None) -> str:
    return NONE if value is None else f"{number(value)} {SQUARE_METRES}"


def metres(value: float | Decimal | None) -> str:
    return NONE if value is None else f"{number(value)} {METRES}"


def dang(text: str) -> str:
    """A share such as ``"2.5"`` → ``۲٫۵ دانگ``."""
    return f"{to_persian_digits(text.replace('.', '٫'))} دانگ"


def percent(value: int | None) -> str:
    return NONE if value is None else f"{to_persian_digits(str(value))}٪"
