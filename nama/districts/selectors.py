"""Reads of the city and its districts (public data: no access check needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from nama.districts.models import CityProfile, District


def city_profile() -> CityProfile:
    profile = CityProfile.objects.order_by("pk").first()
    if profile is None:
        raise CityProfile.DoesNotExist("No city profile: run `nama migrate`.")
    return profile


def active_districts() -> QuerySet[District]:
    return District.objects.filter(is_active=True).select_related("city")


def pilot_districts() -> QuerySet[District]:
    return active_districts().filter(is_pilot=True)


def districts_with_ids(ids: Iterable[int] | QuerySet[Any, Any]) -> QuerySet[District]:
    """Active districts whose primary keys are in ``ids`` (a list or a values() subquery)."""
    return active_districts().filter(pk__in=ids)


def district_by_number(number: int) -> District:
    """The active numbered district ``number`` (raises ``District.DoesNotExist``)."""
    return active_districts().get(number=number)
