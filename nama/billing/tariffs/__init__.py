"""Tariff books per Jalali year: the schema, validation, the repository files and the lookup
of the approved book a calculation uses (ADR 0030)."""

from __future__ import annotations

from nama.billing.constants import TariffStatus
from nama.billing.models import TariffBook
from nama.billing.tariffs.schema import TariffSpec, fa
from nama.billing.tariffs.validation import TariffError, load_yaml, parse_tariff
from nama.core.jalali import tehran_today, to_jalali
from nama.core.problems import NotFoundError

__all__ = ["TariffError", "TariffSpec", "book_for", "current_year", "parse_tariff"]

# year -> ((pk, updated_at, body), spec): a book is parsed again only after it changed.
_CACHE: dict[int, tuple[tuple[int, object, str], TariffSpec]] = {}


def current_year() -> int:
    """The Jalali year of today in Tehran."""
    return int(to_jalali(tehran_today()).year)


def book_for(year: int) -> TariffSpec:
    """The approved tariff book of Jalali ``year``; ``NotFoundError`` when there is none."""
    row = (
        TariffBook.objects.filter(year=year, status=TariffStatus.APPROVED)
        .values_list("pk", "updated_at", "body")
        .first()
    )
    if row is None:
        raise NotFoundError(f"تعرفه سال {fa(year)} تصویب نشده است.", code="tariff_not_approved")
    cached = _CACHE.get(year)
    if cached is not None and cached[0] == row:
        return cached[1]
    spec = parse_tariff(load_yaml(row[2]))
    _CACHE[year] = (row, spec)
    return spec
