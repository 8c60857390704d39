"""Money: integer rials everywhere; toman (= 10 rials) only for display.

Formatting shows the unit by default because a bare number invites the rial/toman confusion every
Iranian reader knows; pass ``unit=False`` for table cells whose header names the unit.
"""

from __future__ import annotations

from decimal import Decimal

from nama.core.text import to_persian_digits

RIALS_PER_TOMAN = 10
PERSIAN_THOUSANDS_SEPARATOR = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR
PERSIAN_DECIMAL_SEPARATOR = "٫"  # U+066B ARABIC DECIMAL SEPARATOR
RIAL = "ریال"
TOMAN = "تومان"


def ensure_rials(n: object) -> int:
    """Return ``n`` if it is an ``int`` amount of rials; raise ``TypeError`` for bools, floats etc.

    A wrong type is a programming error, not something a user typed, hence ``TypeError``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Amounts are integer rials, got {type(n).__name__}: {n!r}")
    return n


def rials_to_toman(n: int) -> Decimal:
    """Convert rials to toman exactly: ``Decimal('125000')``, or ``Decimal('125000.5')``."""
    quotient, remainder = divmod(ensure_rials(n), RIALS_PER_TOMAN)
    return Decimal(quotient) if remainder == 0 else Decimal(n).scaleb(-1)


def format_rials(n: int, *, unit: bool = True, persian_digits: bool = True) -> str:
    """Format rials with Persian digits and separators: ``۱٬۲۵۰٬۰۰۰ ریال``."""
    text = _group_thousands(str(ensure_rials(n)), persian_digits=persian_digits)
    return f"{text} {RIAL}" if unit else text


def format_toman(n_rials: int, *, unit: bool = True, persian_digits: bool = True) -> str:
    """Format an amount given in **rials** as toman: ``format_toman(1250000) == '۱۲۵٬۰۰۰ تومان'``.

    An amount not divisible by 10 shows its half-toman: ``۱۲۵٬۰۰۰٫۵``.
    """
    toman = rials_to_toman(n_rials)
    whole, _, fraction = str(abs(toman)).partition(".")
    text = ("-" if toman < 0 else "") + _group_thousands(whole, persian_digits=persian_digits)
    if fraction:
        separator = PERSIAN_DECIMAL_SEPARATOR if persian_digits else "."
        text += separator + (to_persian_digits(fraction) if persian_digits else fraction)
    return f"{text} {TOMAN}" if unit else text


def _group_thousands(integer: str, *, persian_digits: bool) -> str:
    """Insert thousands separators into a signed ASCII integer string."""
    grouped = f"{int(integer):,}"
    if not persian_digits:
        return grouped
    return to_persian_digits(grouped.replace(",", PERSIAN_THOUSANDS_SEPARATOR))
