"""Staff accounts and their roles: created and granted by administrators only."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.authz import can, city_wide
from nama.accounts.constants import AccountKind, SecurityEventKind, StaffRole
from nama.accounts.models import RoleAssignment, User
from nama.accounts.role_permissions import ROLE_ADMIN_PERMISSIONS, SUPERUSER_ROLES
from nama.core.http import ClientInfo
from nama.core.problems import ForbiddenError
from nama.districts.models import District

NOT_ALLOWED = "فقط مدیر سامانه می‌تواند نقش‌ها را تغییر دهد."


def _require_role_manager(actor: User | None) -> None:
    # ``actor`` None is the operator's shell or a data migration (trusted, audited as such).
    if actor is not None and not can(actor, "accounts.manage_roles"):
        raise ForbiddenError(NOT_ALLOWED)


def grant_role(
    *,
    actor: User | None,
    user: User,
    role: StaffRole,
    district: District | None,
    client: ClientInfo | None,
) -> RoleAssignment:
    """Give ``user`` (a staff account) ``role`` in ``district``; city-wide roles take none."""
    _require_role_manager(actor)
    if user.kind != AccountKind.STAFF:
        raise ValidationError("نقش فقط به حساب کارمندان داده می‌شود.", code="not_staff")
    if city_wide(role) != (district is None):
        message = (
            "این نقش برای کل شهر است و منطقه نمی‌گیرد."
            if city_wide(role)
            else "برای این نقش باید منطقه را مشخص کنید."
        )
        raise ValidationError(message, code="role_district_mismatch")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            district=district,
            revoked_at__isnull=True,
            defaults={"granted_by": actor},
        )
        if created:
            sync_admin_access(user)
            record_event(
                SecurityEventKind.ROLE_GRANTED,
                client=client,
                actor=actor,
                subject=user,
                data={"role": role.value, "district": district.code if district else None},
            )
    return assignment


def revoke_role(
    *, actor: User | None, assignment: RoleAssignment, client: ClientInfo | None
) -> None:
    """End a role assignment (idempotent); the row stays as history."""
    _require_role_manager(actor)
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.revoked_at is not None:
            return
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        sync_admin_access(locked.user)
        record_event(
            SecurityEventKind.ROLE_REVOKED,
            client=client,
            actor=actor,
            subject=locked.user,
            data={
                "role": locked.role,
                "district": locked.district.code if locked.district else None,
            },
        )


def create_staff_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    mobile: str = "",
) -> User:
    """Create a staff account (administrators only); it still needs a second-factor device."""
    _require_role_manager(actor)
    return User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        mobile=mobile,
        kind=AccountKind.STAFF,
        is_staff=False,
    )


def _role_group(role: StaffRole) -> Group:
    group, _ = Group.objects.get_or_create(name=f"role:{role.value}")
    wanted = ROLE_ADMIN_PERMISSIONS.get(role, [])
    permissions = [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codename in (name.split(".", 1) for name in wanted)
    ]
    group.permissions.set(permissions)
    return group


def sync_admin_access(user: User) -> None:
    """Make the user's admin groups and flags follow their active roles."""
    roles = {
        StaffRole(role)
        for role in RoleAssignment.objects.filter(user=user, revoked_at__isnull=True)
        .values_list("role", flat=True)
        .distinct()
    }
    admin_roles = {role for role in roles if role in ROLE_ADMIN_PERMISSIONS}
    user.groups.set([_role_group(role) for role in sorted(admin_roles)])
    user.is_superuser = bool(roles & SUPERUSER_ROLES)
    user.is_staff = user.is_superuser or bool(admin_roles)
    user.save(update_fields=["is_superuser", "is_staff"])
