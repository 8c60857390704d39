"""Authorisation as a matrix: every role × own district / other district, city-wide roles,
citizens, the second factor, and representation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from nama.accounts.authz import can, districts_for, has_role, may_act_for, staff_with_role
from nama.accounts.constants import CITY_WIDE_ROLES, RepresentationStatus, StaffRole
from nama.accounts.models import Representation, RoleAssignment, User
from nama.accounts.tests.factories import district, make_user, staff_member, verified

pytestmark = pytest.mark.django_db
DISTRICT_ROLES = [role for role in StaffRole if role not in CITY_WIDE_ROLES]


@pytest.mark.parametrize("role", DISTRICT_ROLES)
def test_a_district_role_sees_its_own_district_only(role: StaffRole) -> None:
    member = verified(staff_member(role, 7))
    assert can(member, "districts.view", district(7))
    assert not can(member, "districts.view", district(8))
    assert has_role(member, role, district(7))
    assert not has_role(member, role, district(8))
    assert list(districts_for(member)) == [district(7)]


@pytest.mark.parametrize("role", sorted(CITY_WIDE_ROLES))
def test_a_city_wide_role_sees_every_district(role: StaffRole) -> None:
    member = verified(staff_member(role))
    assert all(can(member, "districts.view", district(n)) for n in range(1, 16))
    assert districts_for(member).count() == 16


@pytest.mark.parametrize("role", list(StaffRole))
def test_only_a_system_admin_manages_roles(role: StaffRole) -> None:
    member = verified(staff_member(role, None if role in CITY_WIDE_ROLES else 7))
    assert can(member, "accounts.manage_roles") is (role == StaffRole.SYSTEM_ADMIN)


@pytest.mark.parametrize("role", list(StaffRole))
def test_only_city_managers_and_admins_read_the_audit_log(role: StaffRole) -> None:
    member = verified(staff_member(role, None if role in CITY_WIDE_ROLES else 7))
    expected = role in {StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN}
    assert can(member, "accounts.view_audit") is expected


def test_a_district_manager_manages_only_their_district() -> None:
    manager = verified(staff_member(StaffRole.DISTRICT_MANAGER, 7))
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    assert can(manager, "districts.manage", district(7))
    assert not can(manager, "districts.manage", district(12))
    assert not can(clerk, "districts.manage", district(7))


def test_staff_rights_need_the_second_factor() -> None:
    admin = staff_member(StaffRole.SYSTEM_ADMIN)  # not verified in this session
    assert not can(admin, "accounts.manage_roles")
    assert not districts_for(admin).exists()


def test_revoked_roles_and_inactive_accounts_count_for_nothing() -> None:
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    RoleAssignment.objects.filter(user=clerk).update(revoked_at=timezone.now())
    assert not can(clerk, "districts.view", district(7))
    admin = verified(staff_member(StaffRole.SYSTEM_ADMIN, is_active=False))
    assert not can(admin, "accounts.manage_roles")


@pytest.mark.parametrize("action", ["accounts.manage_roles", "accounts.view_audit"])
def test_citizens_and_anonymous_users_have_no_staff_rights(action: str) -> None:
    assert not can(verified(make_user()), action)
    assert not can(AnonymousUser(), action)
    assert not can(None, action)


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        can(make_user(), "cases.teleport")


def test_staff_with_role_lists_district_and_city_wide_holders() -> None:
    inspector7 = staff_member(StaffRole.VISIT_AGENT, 7)
    staff_member(StaffRole.VISIT_AGENT, 8)
    assert list(staff_with_role(StaffRole.VISIT_AGENT, district(7))) == [inspector7]


def _grant(owner: User, representative: User, **fields: object) -> Representation:
    defaults: dict[str, object] = {
        "status": RepresentationStatus.ACTIVE,
        "expires_at": timezone.now() + timedelta(days=30),
    }
    return Representation.objects.create(
        owner=owner, representative=representative, **{**defaults, **fields}
    )


def test_may_act_for_owner_representative_and_unrelated_user() -> None:
    owner, agent, stranger = make_user(), make_user(), make_user()
    _grant(owner, agent, services=["D15"])
    assert may_act_for(owner, owner, "D15")
    assert may_act_for(agent, owner, "D15")
    assert not may_act_for(agent, owner, "E28")
    assert not may_act_for(stranger, owner, "D15")
    assert not may_act_for(owner, agent, "D15")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": RepresentationStatus.PENDING},
        {"status": RepresentationStatus.REVOKED},
        {"expires_at": timezone.now() - timedelta(seconds=1)},
    ],
)
def test_pending_revoked_or_expired_representations_do_not_count(fields: dict[str, object]) -> None:
    owner, agent = make_user(), make_user()
    _grant(owner, agent, **fields)
    assert not may_act_for(agent, owner, "D15")


def test_an_unscoped_representation_covers_every_service() -> None:
    owner, agent = make_user(), make_user()
    _grant(owner, agent, services=[])
    assert may_act_for(agent, owner, "G32")
    assert may_act_for(agent, owner, None)
