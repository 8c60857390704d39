"""Authorisation, in one place: ``can(user, action, obj)`` and the scoping selectors.

Views, the API and later apps ask only these functions. Each rule is registered by action
name; an unknown action is a programming error, never a silent "yes".
Staff rights count only in a session verified with the second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from nama.accounts.constants import CITY_WIDE_ROLES, AccountKind, RepresentationStatus, StaffRole
from nama.accounts.models import LegalPerson, LegalPersonAgent, Representation, RoleAssignment, User
from nama.districts.models import District
from nama.districts.selectors import active_districts, districts_with_ids

AnyUser = User | AnonymousUser
Rule = Callable[[User, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the rule deciding ``action``; later apps add theirs the same way."""

    def register(function: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"Two rules for {action!r}.")
        _RULES[action] = function
        return function

    return register


def can(user: AnyUser | None, action: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` (on ``obj``)? Anonymous and inactive users may do nothing."""
    if action not in _RULES:
        raise KeyError(f"No authorisation rule for {action!r}.")
    if not isinstance(user, User) or not user.is_active:
        return False
    return _RULES[action](user, obj)


def is_verified_staff(user: User) -> bool:
    """A staff member whose session (or token) passed the second factor."""
    verified = getattr(user, "is_verified", None)
    return user.kind == AccountKind.STAFF and callable(verified) and bool(verified())


def active_roles(user: User) -> QuerySet[RoleAssignment]:
    """The user's current role assignments (empty unless a verified staff member)."""
    if not is_verified_staff(user):
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "district"
    )


def has_role(user: User, role: StaffRole, district: District | None = None) -> bool:
    """Does the user hold ``role`` in ``district`` (a city-wide holding covers every district)?"""
    held = active_roles(user).filter(role=role)
    if district is None:
        return held.exists()
    return held.filter(Q(district=district) | Q(district__isnull=True)).exists()


def districts_for(user: User, roles: frozenset[StaffRole] | None = None) -> QuerySet[District]:
    """The districts where the user holds any of ``roles`` (any role when None)."""
    held = active_roles(user)
    if roles is not None:
        held = held.filter(role__in=roles)
    if held.filter(district__isnull=True).exists():
        return active_districts()
    return districts_with_ids(held.values("district"))


def staff_with_role(role: StaffRole, district: District) -> QuerySet[User]:
    """Active staff who hold ``role`` in ``district`` (or city-wide)."""
    return (
        User.objects.filter(
            is_active=True,
            kind=AccountKind.STAFF,
            role_assignments__role=role,
            role_assignments__revoked_at__isnull=True,
        )
        .filter(Q(role_assignments__district=district) | Q(role_assignments__district__isnull=True))
        .distinct()
    )


def may_act_for(actor: User, owner: User, service_code: str | None = None) -> bool:
    """May ``actor`` act for ``owner`` on ``service_code``?

    Yes for the owner themselves and for a representative with an active, unexpired grant
    that covers the service.
    """
    if not actor.is_active or not owner.is_active:
        return False
    if actor.pk == owner.pk:
        return True
    grants = Representation.objects.filter(
        owner=owner,
        representative=actor,
        status=RepresentationStatus.ACTIVE,
        expires_at__gt=timezone.now(),
    )
    return any(grant.covers(service_code) for grant in grants)


def may_act_for_legal_person(actor: User, legal_person: LegalPerson) -> bool:
    """Is ``actor`` a currently authorised agent of ``legal_person``?"""
    return (
        actor.is_active
        and LegalPersonAgent.objects.filter(
            legal_person=legal_person, user=actor, revoked_at__isnull=True
        ).exists()
    )


@rule("accounts.manage_roles")
def _manage_roles(user: User, obj: Any) -> bool:
    return has_role(user, StaffRole.SYSTEM_ADMIN)


@rule("accounts.view_audit")
def _view_audit(user: User, obj: Any) -> bool:
    return has_role(user, StaffRole.SYSTEM_ADMIN) or has_role(user, StaffRole.CITY_MANAGER)


@rule("districts.view")
def _view_district(user: User, district: District) -> bool:
    return districts_for(user).filter(pk=district.pk).exists()


@rule("districts.manage")
def _manage_district(user: User, district: District) -> bool:
    return has_role(user, StaffRole.DISTRICT_MANAGER, district) or has_role(
        user, StaffRole.SYSTEM_ADMIN
    )


@rule("representations.revoke")
def _revoke_representation(user: User, grant: Representation) -> bool:
    return user.pk in {grant.owner_id, grant.representative_id}


@rule("legal_persons.act")
def _act_for_legal_person(user: User, legal_person: LegalPerson) -> bool:
    return may_act_for_legal_person(user, legal_person)


def city_wide(role: StaffRole) -> bool:
    return role in CITY_WIDE_ROLES
