"""Signing in: password (+ second factor for staff), or a one-time code for citizens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate as django_authenticate
from django.db import transaction
from django.utils import timezone
from django_otp import match_token

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.errors import LoginError
from nama.accounts.models import OneTimeCode, User
from nama.accounts.services.codes import issue_code, verify_code
from nama.accounts.services.lockout import lockout_error, lockout_until
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.text import normalize_digits

WRONG_CREDENTIALS = "شناسه کاربری (کد ملی) یا گذرواژه نادرست است."
WRONG_SECOND_FACTOR = "رمز دوم (کد برنامه احراز هویت) نادرست است."


def login_key(identifier: str) -> str:
    """The account key an identifier stands for: digits normalised, case folded."""
    return normalize_digits(identifier or "").strip().casefold()[:150]


def _refuse_if_locked(key: str, client: ClientInfo | None, user: User | None) -> None:
    until = lockout_until(key=key, client=client)
    if until is None:
        return
    with transaction.atomic():
        record_event(SecurityEventKind.LOCKED_OUT, client=client, subject=user, subject_key=key)
    raise lockout_error(until)


def _user_for_key(key: str) -> User | None:
    return User.objects.filter(username=key).first()


def check_password_login(*, identifier: str, password: str, client: ClientInfo | None) -> User:
    """Return the user whose identifier and password match, or raise.

    Raises ``ThrottledError`` while the account or IP is locked out (the password is not even
    checked) and ``LoginError`` with one generic message for any other refusal. Staff must then
    pass ``check_second_factor`` before a session starts.
    """
    key = login_key(identifier)
    _refuse_if_locked(key, client, _user_for_key(key))
    user = django_authenticate(username=key, password=password or "")
    if not isinstance(user, User):
        with transaction.atomic():
            record_event(
                SecurityEventKind.LOGIN_FAILED,
                client=client,
                subject=_user_for_key(key),
                subject_key=key,
                data={"method": "password"},
            )
        raise LoginError(WRONG_CREDENTIALS)
    return user


def confirm_current_password(*, user: User, password: str, client: ClientInfo | None) -> bool:
    """Re-check a signed-in user's password before a sensitive change.

    Wrong answers count towards the same lockout as sign-in; while locked, raises
    ``ThrottledError`` without checking.
    """
    key = login_key(user.username)
    _refuse_if_locked(key, client, user)
    if user.check_password(password or ""):
        return True
    with transaction.atomic():
        record_event(
            SecurityEventKind.LOGIN_FAILED,
            client=client,
            actor=user,
            subject=user,
            subject_key=key,
            data={"method": "reauthenticate"},
        )
    return False


def check_second_factor(*, user: User, token: str, client: ClientInfo | None) -> Any:
    """Return the staff member's OTP device that accepts ``token``, or raise ``LoginError``."""
    key = login_key(user.username)
    _refuse_if_locked(key, client, user)
    device = match_token(user, normalize_digits(token or "").strip())
    if device is None:
        with transaction.atomic():
            record_event(
                SecurityEventKind.SECOND_FACTOR_FAILED, client=client, subject=user, subject_key=key
            )
        raise LoginError(WRONG_SECOND_FACTOR, code="invalid_second_factor")
    return device


def record_login(*, user: User, client: ClientInfo | None, method: str) -> None:
    """Write the audit event of a completed sign-in (the session or token starts after)."""
    with transaction.atomic():
        record_event(
            SecurityEventKind.LOGIN_SUCCEEDED,
            client=client,
            actor=user,
            subject=user,
            subject_key=login_key(user.username),
            data={"method": method},
        )


def record_logout(*, user: User, client: ClientInfo | None) -> None:
    with transaction.atomic():
        record_event(SecurityEventKind.LOGOUT, client=client, actor=user, subject=user)


def _active_citizen(national_id: str, mobile: str) -> User | None:
    return User.objects.filter(
        kind=AccountKind.CITIZEN,
        national_id=national_id,
        mobile=mobile,
        is_active=True,
    ).first()


def request_login_code(*, national_id: str, mobile: str, client: ClientInfo | None) -> None:
    """Send a sign-in code when national ID and mobile belong to one active citizen.

    The caller answers the same way either way (no enumeration): when they do not match, an
    undelivered code is issued so rate limits and timing are the same.
    """
    national_id = validate_national_id(national_id)
    mobile = validate_mobile(mobile)
    key = login_key(national_id)
    user = _active_citizen(national_id, mobile)
    _refuse_if_locked(key, client, user)
    issue_code(
        mobile=mobile,
        purpose=OneTimeCode.Purpose.LOGIN,
        client=client,
        user=user,
        deliver=user is not None,
    )


def check_code_login(
    *, national_id: str, mobile: str, code: str, client: ClientInfo | None
) -> User:
    """Return the citizen whose sign-in code this is, or raise ``InvalidCodeError``."""
    national_id = validate_national_id(national_id)
    mobile = validate_mobile(mobile)
    _refuse_if_locked(login_key(national_id), client, None)
    otp = verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.LOGIN, code=code, client=client)
    user = otp.user
    if user is None or user.national_id != national_id or not user.is_active:
        raise LoginError(WRONG_CREDENTIALS)
    if user.mobile_verified_at is None:
        # The code reached this mobile: that confirms it (an account made at the counter).
        user.mobile_verified_at = timezone.now()
        user.save(update_fields=["mobile_verified_at"])
    return user
