"""Reads of the accounts domain, each scoped to the user it is for (one place per object type).

Views and the API read through these; staff-role scoping lives in ``authz``.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from nama.accounts.constants import AccountKind, RepresentationStatus, SecurityEventKind
from nama.accounts.models import (
    ApiToken,
    LegalPerson,
    LegalPersonAgent,
    Representation,
    SecurityEvent,
    User,
)
from nama.accounts.services.lockout import FAILURE_KINDS


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def security_events_of(user: User) -> QuerySet[SecurityEvent]:
    """Security events about the user or done by them, newest first."""
    return (
        SecurityEvent.objects.filter(Q(subject=user) | Q(actor=user))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def previous_login(user: User) -> SecurityEvent | None:
    """The sign-in before the current one."""
    logins = SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGIN_SUCCEEDED, subject=user
    ).order_by("-created_at", "-id")
    return logins[1:2].first()


def failures_since(user: User, since: SecurityEvent | None) -> int:
    """Failed sign-in attempts on the account since ``since`` (all of them when None)."""
    failures = SecurityEvent.objects.filter(subject=user, kind__in=FAILURE_KINDS)
    if since is not None:
        failures = failures.filter(created_at__gt=since.created_at)
    return failures.count()


def representations_given(user: User) -> QuerySet[Representation]:
    """Who may act for the user (any status), newest first."""
    return (
        Representation.objects.filter(owner=user)
        .select_related("representative")
        .order_by("-created_at", "-pk")
    )


def representations_held(user: User) -> QuerySet[Representation]:
    """Whom the user may act for (any status), newest first."""
    return (
        Representation.objects.filter(representative=user)
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def pending_representation(owner: User, representation_id: int) -> Representation | None:
    """The owner's own representation waiting for their confirmation code."""
    return Representation.objects.filter(
        pk=representation_id, owner=owner, status=RepresentationStatus.PENDING
    ).first()


def active_representation_counts(user: User) -> tuple[int, int]:
    """(people who may act for the user, people the user may act for), active grants only."""
    active = Representation.objects.filter(status=RepresentationStatus.ACTIVE)
    return active.filter(owner=user).count(), active.filter(representative=user).count()


def companies_of(user: User) -> QuerySet[LegalPerson]:
    """Legal persons the user is an active agent of, each with its active agents."""
    agents = (
        LegalPersonAgent.objects.filter(revoked_at__isnull=True)
        .select_related("user")
        .order_by("granted_at", "pk")
    )
    return (
        LegalPerson.objects.filter(agents__user=user, agents__revoked_at__isnull=True)
        .prefetch_related(Prefetch("agents", queryset=agents))
        .order_by("name")
        .distinct()
    )


def company_for_agent(user: User, company_id: int) -> LegalPerson | None:
    """A legal person the user acts for, or None (unknown and not-yours look the same)."""
    return companies_of(user).filter(pk=company_id).first()


def pending_staff_member(user_id: int) -> User | None:
    """An active staff account between its password and its second factor."""
    return User.objects.filter(pk=user_id, kind=AccountKind.STAFF, is_active=True).first()
