"""Line items and the arithmetic every calculator shares: exact decimals, one rounding per
line (to whole rials, half up), limits, and the Persian text of formulas."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from nama.billing.tariffs.schema import TariffSpec
from nama.catalog.constants import FEE_RULES
from nama.core.money import format_rials
from nama.core.text import to_persian_digits

FAMILY_DISCOUNT_RULE = "family_discount"
FAMILY_DISCOUNT_LABEL = "تخفیف خانواده‌های معظم شهدا و ایثارگران"
ROUNDING_NOTE = "گرد به ریال کامل، نیم ریال و بیشتر به بالا"


@dataclass(frozen=True, slots=True)
class LineItem:
    """One computed line: its rule, the account it is paid into (``BeneficiaryAccount.code``),
    the amount (negative for a discount) and the formula with its numbers, in Persian."""

    rule: str
    label: str
    account: str
    amount: int
    explanation: str
    jalali_year: int | None = None


def num(value: Decimal | int) -> str:
    """A number as Persian readers write it: ``1234.5`` → ``۱٬۲۳۴٫۵``."""
    text = f"{Decimal(value):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


def money(amount: int) -> str:
    return format_rials(amount)


def percent(value: Decimal) -> str:
    return f"{num(value)}٪"


def year_text(year: int | str) -> str:
    return to_persian_digits(str(year))


def to_rials(exact: Decimal) -> int:
    """Whole rials, half up (``12.5`` → 13, ``-12.5`` → -13)."""
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def label_of(rule: str, year: int | None = None) -> str:
    label = FEE_RULES.get(rule, rule)
    return f"{label} سال {year_text(year)}" if year is not None else label


def require(tariffs: Mapping[int, TariffSpec], year: int) -> TariffSpec:
    """The book of ``year`` from a mapping of books; a Persian refusal when it is missing."""
    book = tariffs.get(year)
    if book is None:
        raise ValidationError(
            f"تعرفه سال {year_text(year)} تصویب نشده است.", code="tariff_not_approved"
        )
    return book


def priced(
    spec: TariffSpec,
    rule: str,
    exact: Decimal,
    formula: str,
    *,
    year: int | None = None,
    label: str | None = None,
    account: str | None = None,
) -> LineItem:
    """A line from its exact amount: rounded once, then held within the book's limits."""
    amount = to_rials(exact)
    explanation = f"{formula} = {_exact_text(exact, amount)}"
    limit = spec.limits.get(rule)
    if limit is not None and limit.minimum is not None and 0 < amount < limit.minimum:
        amount = limit.minimum
        explanation += f"؛ کمینه این ردیف {money(amount)} است"
    if limit is not None and limit.maximum is not None and amount > limit.maximum:
        amount = limit.maximum
        explanation += f"؛ بیشینه این ردیف {money(amount)} است"
    return LineItem(
        rule=rule,
        label=label or label_of(rule, year),
        account=account or spec.accounts[rule],
        amount=amount,
        explanation=explanation,
        jalali_year=year,
    )


def _exact_text(exact: Decimal, amount: int) -> str:
    if exact == amount:
        return money(amount)
    return f"{num(exact)} ریال ≈ {money(amount)} ({ROUNDING_NOTE})"


def reduction(
    *,
    rule: str,
    label: str,
    account: str,
    base: int,
    pct: Decimal,
    note: str = "",
    year: int | None = None,
) -> LineItem:
    """A discount line: minus ``pct`` percent of ``base`` (rounded half up), in ``account``."""
    exact = Decimal(base) * pct / 100
    amount = to_rials(exact)
    return LineItem(
        rule=rule,
        label=label,
        account=account,
        amount=-amount,
        explanation=f"{percent(pct)} × {money(base)}{note} = {_exact_text(exact, amount)}، کسر",
        jalali_year=year,
    )
