"""Who oversees deadlines: district managers for their districts, city managers and system
administrators for every district (staff roles count only after the second factor)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nama.accounts.authz import districts_for, has_role, rule
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.districts.models import District

CITY_OVERSEERS = (StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN)
OVERSEERS = frozenset({StaffRole.DISTRICT_MANAGER, *CITY_OVERSEERS})


def overseen_districts(user: User) -> QuerySet[District]:
    """The districts whose deadlines ``user`` oversees, pilot districts first."""
    return districts_for(user, OVERSEERS).order_by("-is_pilot", "kind", "number", "code")


@rule("deadlines.view")
def _view(user: User, obj: Any) -> bool:
    return overseen_districts(user).exists()


@rule("deadlines.view_district")
def _view_district(user: User, district: Any) -> bool:
    if any(has_role(user, role) for role in CITY_OVERSEERS):
        return True
    return has_role(user, StaffRole.DISTRICT_MANAGER, district)
