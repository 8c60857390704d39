"""Signing in and out: password (+ authenticator code for staff) or an SMS code for citizens.

``mode=token`` is for the mobile app: the answer carries a bearer token (revocable, expiring,
listed under /api/v1/me/tokens). ``mode=session`` is for the same-origin web client only: it
sets Django's session cookie and, like a Django form, needs the CSRF token (``X-CSRFToken``)
so another site cannot sign a visitor into an account (login CSRF).
"""

from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import client, code_sent_message, problems, start_sign_in
from nama.accounts.api_auth import (
    current_user,
    presented_token_id,
    require_csrf,
    token_or_session,
)
from nama.accounts.errors import LoginError
from nama.accounts.schemas import CodeLoginIn, CodeRequestIn, LoginOut, MessageOut, PasswordLoginIn
from nama.accounts.services.login import (
    check_code_login,
    check_password_login,
    check_second_factor,
    record_logout,
    request_login_code,
)
from nama.accounts.services.tokens import revoke_token

router = Router(tags=["sign-in"])

SECOND_FACTOR_REQUIRED = "برای ورود کارکنان، رمز دوم (کد شش‌رقمی برنامه احراز هویت) را هم وارد کنید."
LOGIN_CODE_REQUESTED = (
    "اگر کد ملی و شماره همراه متعلق به یک حساب فعال باشد، کد ورود به همین شماره پیامک می‌شود."
)


@router.post(
    "/login",
    response={200: LoginOut, **problems(401, 403, 422, 429)},
    summary="Sign in with a password",
    description=(
        "Citizens sign in with their national ID, staff and partners with their username. "
        "Staff must also send `otp`, the code of their authenticator app: without it the answer "
        "is 401 `second_factor_required`, with a wrong one 401 `invalid_second_factor`. Wrong "
        "credentials are 401 `invalid_credentials` (one message, whatever was wrong); repeated "
        "failures lock the account and IP: 429 `locked_out` with `Retry-After`. Session mode "
        "without a valid CSRF token is 403 `csrf_failed`."
    ),
)
def login(request: HttpRequest, payload: PasswordLoginIn) -> LoginOut:
    if payload.mode == "session":
        require_csrf(request)
    info = client(request)
    user = check_password_login(
        identifier=payload.identifier, password=payload.password, client=info
    )
    device = None
    if user.is_staff_member:
        if not payload.otp.strip():
            raise LoginError(SECOND_FACTOR_REQUIRED, code="second_factor_required")
        device = check_second_factor(user=user, token=payload.otp, client=info)
    return start_sign_in(
        request,
        user=user,
        mode=payload.mode,
        token_name=payload.token_name,
        method="password+totp" if device is not None else "password",
        device=device,
    )


@router.post(
    "/login/code/request",
    response={202: MessageOut, **problems(422, 429)},
    summary="Ask for a sign-in code by SMS (citizens)",
    description=(
        "Sends a code when the national ID and mobile belong to one active citizen; the answer "
        "is identical when they do not. 429 (`code_resend_too_soon`, `code_limit_reached`, "
        "`locked_out`) carries `Retry-After`."
    ),
)
def request_code(request: HttpRequest, payload: CodeRequestIn) -> Status[MessageOut]:
    request_login_code(
        national_id=payload.national_id, mobile=payload.mobile, client=client(request)
    )
    return Status(202, MessageOut(detail=code_sent_message(LOGIN_CODE_REQUESTED)))


@router.post(
    "/login/code/verify",
    response={200: LoginOut, **problems(400, 401, 403, 422, 429)},
    summary="Sign in with the SMS code (citizens)",
    description="A wrong, expired or used code is 400 `invalid_code`. Modes as in `/login`.",
)
def verify_login_code(request: HttpRequest, payload: CodeLoginIn) -> LoginOut:
    if payload.mode == "session":
        require_csrf(request)
    user = check_code_login(
        national_id=payload.national_id,
        mobile=payload.mobile,
        code=payload.code,
        client=client(request),
    )
    return start_sign_in(
        request, user=user, mode=payload.mode, token_name=payload.token_name, method="code"
    )


@router.post(
    "/logout",
    auth=token_or_session,
    response={204: None, **problems(401, 403)},
    summary="Sign out",
    description="Revokes the bearer token that made the request, or ends the session.",
)
def logout(request: HttpRequest) -> Status[None]:
    user = current_user(request)
    info = client(request)
    token_id = presented_token_id(request)
    if token_id is None:
        auth_logout(request)
    else:
        revoke_token(user=user, token_id=token_id, client=info)
    record_logout(user=user, client=info)
    return Status(204, None)
