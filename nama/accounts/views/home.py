"""The account home: who you are, what you can do here, and for staff their roles and districts.

Until the staff work queue exists this is where staff land after signing in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_otp import devices_for_user

from nama.accounts.authz import active_roles, districts_for, is_verified_staff
from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.accounts.selectors import (
    active_representation_counts,
    companies_of,
    failures_since,
    previous_login,
)
from nama.accounts.views.common import mask_mobile, mask_national_id, signed_in_user


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context: dict[str, Any] = {
        "account": user,
        "national_id": mask_national_id(user.national_id),
        "mobile": mask_mobile(user.mobile),
        "is_citizen": user.kind == AccountKind.CITIZEN,
        **_sign_in_history(user),
    }
    if user.kind == AccountKind.CITIZEN:
        context.update(_citizen_summary(user))
    if user.kind == AccountKind.STAFF:
        context.update(_staff_summary(user))
    return render(request, "accounts/home.html", context)


def _sign_in_history(user: User) -> dict[str, Any]:
    """The sign-in before this one, and failed attempts on the account since then."""
    previous = previous_login(user)
    return {"previous_login": previous, "failures_since": failures_since(user, previous)}


def _citizen_summary(user: User) -> dict[str, int]:
    representatives, represented = active_representation_counts(user)
    return {
        "representatives_count": representatives,
        "represented_count": represented,
        "companies_count": companies_of(user).count(),
    }


def _staff_summary(user: User) -> dict[str, Any]:
    return {
        "verified": is_verified_staff(user),
        "roles": list(active_roles(user).order_by("role", "district__number")),
        "districts": list(districts_for(user).order_by("number")),
        "devices": list(devices_for_user(user, confirmed=True)),
    }
