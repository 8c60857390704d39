"""Discrepancies for managers: counts per district and per staff member who reported the
figure the field contradicted, and the latest ones (district managers: their districts;
city managers: all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.districts.models import District
from nama.inspections.access import overseen_districts
from nama.inspections.models import Discrepancy

# The periods a manager filters by: days back from now (None: since the beginning).
PERIODS: dict[str, tuple[str, int | None]] = {
    "7": ("۷ روز گذشته", 7),
    "30": ("۳۰ روز گذشته", 30),
    "90": ("۹۰ روز گذشته", 90),
    "365": ("یک سال گذشته", 365),
    "all": ("از آغاز", None),
}
DEFAULT_PERIOD = "30"
RECENT = 50


@dataclass(frozen=True)
class OversightFilters:
    district: District | None = None
    period: str = DEFAULT_PERIOD


@dataclass(frozen=True)
class Overview:
    districts: list[District]
    by_district: list[dict[str, Any]]
    by_reporter: list[dict[str, Any]]
    by_source: list[dict[str, Any]]
    recent: list[Discrepancy]
    total: int


def discrepancies_for(user: User, filters: OversightFilters) -> QuerySet[Discrepancy]:
    """The discrepancies ``user`` oversees, narrowed by district and period."""
    rows = Discrepancy.objects.filter(district__in=overseen_districts(user))
    if filters.district is not None:
        rows = rows.filter(district=filters.district)
    days = PERIODS.get(filters.period, PERIODS[DEFAULT_PERIOD])[1]
    if days is not None:
        rows = rows.filter(created_at__gte=timezone.now() - timedelta(days=days))
    return rows


def overview(user: User, filters: OversightFilters) -> Overview:
    """Counts and the latest discrepancies for the managers' page and the API."""
    rows = discrepancies_for(user, filters)
    by_district = (
        rows.values("district__number", "district__name")
        .annotate(count=Count("pk"), cases=Count("case", distinct=True))
        .order_by("district__number")
    )
    by_reporter = (
        rows.filter(reported_by__kind=AccountKind.STAFF)
        .values("reported_by", "reported_by__first_name", "reported_by__last_name", "source")
        .annotate(count=Count("pk"), cases=Count("case", distinct=True))
        .order_by("-count", "reported_by")
    )
    by_source = rows.values("source").annotate(count=Count("pk")).order_by("-count", "source")
    recent = rows.select_related("case", "district", "reported_by", "inspector").order_by(
        "-created_at", "-pk"
    )[:RECENT]
    return Overview(
        districts=list(overseen_districts(user).order_by("number")),
        by_district=[dict(row) for row in by_district],
        by_reporter=[dict(row) for row in by_reporter],
        by_source=[dict(row) for row in by_source],
        recent=list(recent),
        total=rows.count(),
    )


def overseen_district(user: User, number: int) -> District | None:
    """District ``number`` if ``user`` oversees it."""
    return overseen_districts(user).filter(number=number).first()


def oversees_any(user: User) -> bool:
    return overseen_districts(user).exists()
