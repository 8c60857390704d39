"""Shared pieces of the accounts API: the client, the user's view of themselves, sign-in."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django_otp import login as otp_login

from nama.accounts.api_auth import mark_second_factor
from nama.accounts.authz import active_roles
from nama.accounts.errors import wait_phrase
from nama.accounts.models import User
from nama.accounts.schemas import (
    DistrictOut,
    IssuedTokenOut,
    LoginOut,
    MeOut,
    PartnerOut,
    ProblemOut,
    RoleOut,
)
from nama.accounts.services.login import record_login
from nama.accounts.services.tokens import create_token
from nama.core.http import ClientInfo
from nama.core.masking import mask_mobile

# The only backend; named because a user found by code did not pass through authenticate().
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client(request: HttpRequest) -> ClientInfo:
    return ClientInfo.from_request(request)


def problems(*statuses: int) -> dict[int, Any]:
    """Document error statuses of an operation (their body is application/problem+json)."""
    return dict.fromkeys(statuses, ProblemOut)


def code_sent_message(lead: str) -> str:
    """The generic answer to a code request: never says whether an account matched."""
    return f"{lead} کد تا {wait_phrase(settings.NAMA_OTP_TTL_SECONDS)} اعتبار دارد."


def me_out(user: User) -> MeOut:
    """The user as they may see themselves; roles only once the second factor is passed."""
    partner = user.partner
    return MeOut(
        username=user.username,
        kind=user.kind,
        first_name=user.first_name,
        last_name=user.last_name,
        display_name=user.display_name,
        national_id=user.national_id,
        mobile=mask_mobile(user.mobile),
        mobile_verified=user.mobile_verified_at is not None,
        roles=[
            RoleOut(
                role=assignment.role,
                label=assignment.get_role_display(),
                district=DistrictOut(
                    code=assignment.district.code,
                    number=assignment.district.number,
                    name=assignment.district.name,
                )
                if assignment.district
                else None,
            )
            for assignment in active_roles(user).order_by("role", "district__number")
        ],
        partner=PartnerOut(code=partner.code, name=partner.name, kind=partner.kind)
        if partner
        else None,
    )


def start_sign_in(
    request: HttpRequest,
    *,
    user: User,
    mode: Literal["session", "token"],
    token_name: str,
    method: str,
    device: Any = None,
) -> LoginOut:
    """Start a session or issue a token for a user whose credentials were checked.

    ``device`` is the staff member's OTP device that accepted the second factor.
    """
    info = client(request)
    mark_second_factor(user, passed=device is not None)
    issued: IssuedTokenOut | None = None
    csrf_token: str | None = None
    if mode == "session":
        auth_login(request, user, backend=MODEL_BACKEND)
        if device is not None:
            otp_login(request, device)
        csrf_token = get_token(request)  # login() rotated it
    else:
        token, raw = create_token(user=user, name=token_name, client=info)
        issued = IssuedTokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            token=raw,
            expires_at=token.expires_at,
        )
    record_login(user=user, client=info, method=f"{method}:{mode}")
    return LoginOut(mode=mode, user=me_out(user), token=issued, csrf_token=csrf_token)
