"""Citizen registration: details + password now, active once the mobile is confirmed by code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.errors import InvalidCodeError
from nama.accounts.models import OneTimeCode, User
from nama.accounts.services.codes import (
    INVALID_CODE_MESSAGE,
    check_code_allowed,
    issue_code,
    verify_code,
)
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.text import normalize_persian
from nama.sms.services import send_sms

ALREADY_REGISTERED_NOTICE = (
    "کسی با کد ملی شما در اصفهان‌نما ثبت‌نام کرد، اما حساب شما از پیش وجود دارد. "
    "اگر خودتان بودید، با «ورود با کد پیامکی» وارد شوید، یا برای گذاشتن گذرواژه از "
    "«فراموشی گذرواژه» استفاده کنید."
)


@dataclass(frozen=True)
class Registration:
    national_id: str
    mobile: str
    first_name: str
    last_name: str
    birth_date: date
    password: str


def clean_name(value: str, field: str) -> str:
    """A person's first or last name: Persian-normalised, 2–50 characters."""
    name = normalize_persian(value or "").strip()
    if not 2 <= len(name) <= 50:
        raise ValidationError({field: ["نام باید بین ۲ تا ۵۰ نویسه باشد."]}, code="invalid_name")
    return name


def clean_registration(
    *,
    national_id: str,
    mobile: str,
    first_name: str,
    last_name: str,
    birth_date: date,
    password: str,
) -> Registration:
    """Validate every field at once; raise one ``ValidationError`` naming each bad field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    for field, check, raw in [
        ("national_id", validate_national_id, national_id),
        ("mobile", validate_mobile, mobile),
        ("first_name", lambda v: clean_name(v, "first_name"), first_name),
        ("last_name", lambda v: clean_name(v, "last_name"), last_name),
    ]:
        try:
            values[field] = check(raw)
        except ValidationError as error:
            errors[field] = error.messages
    today = timezone.localdate()
    if not date(1900, 1, 1) <= birth_date <= date(today.year - 12, today.month, min(today.day, 28)):
        errors["birth_date"] = ["تاریخ تولد درست نیست (دست‌کم ۱۲ سال سن لازم است)."]
    probe = User(
        username=values.get("national_id", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
    )
    try:
        validate_password(password, probe)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    return Registration(
        national_id=values["national_id"],
        mobile=values["mobile"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        birth_date=birth_date,
        password=password,
    )


def register_citizen(*, registration: Registration, client: ClientInfo | None) -> None:
    """Start a registration and send a confirmation code to its mobile.

    Answers identically whether or not the national ID is already registered (no
    enumeration): for an existing active account nothing changes, an undelivered code keeps
    the rate limits the same, and the account's own mobile gets a notice instead.
    """
    purpose = OneTimeCode.Purpose.REGISTER
    check_code_allowed(mobile=registration.mobile, purpose=purpose, client=client)
    with transaction.atomic():
        existing = (
            User.objects.select_for_update().filter(national_id=registration.national_id).first()
        )
        if existing is not None and existing.is_active:
            _refuse_quietly(existing, registration, client)
            return
        user = _save_pending_user(existing, registration)
        record_event(
            SecurityEventKind.REGISTERED,
            client=client,
            subject=user,
            subject_key=registration.national_id,
        )
        # Inside the transaction: if the code cannot be issued, the pending details are undone.
        issue_code(mobile=registration.mobile, purpose=purpose, client=client, user=user)


def _refuse_quietly(existing: User, registration: Registration, client: ClientInfo | None) -> None:
    # Hash the password anyway: a real registration spends this time, and the answer must not
    # be faster for a national ID that is already registered.
    make_password(registration.password)
    issue_code(
        mobile=registration.mobile,
        purpose=OneTimeCode.Purpose.REGISTER,
        client=client,
        deliver=False,
    )
    if existing.mobile:
        send_sms(to=existing.mobile, text=ALREADY_REGISTERED_NOTICE)


def _save_pending_user(existing: User | None, registration: Registration) -> User:
    user = existing or User(kind=AccountKind.CITIZEN, national_id=registration.national_id)
    user.username = registration.national_id
    user.mobile = registration.mobile
    user.first_name = registration.first_name
    user.last_name = registration.last_name
    user.birth_date = registration.birth_date
    user.is_active = False
    user.set_password(registration.password)
    user.save()
    return user


def confirm_registration(
    *, national_id: str, mobile: str, code: str, client: ClientInfo | None
) -> User:
    """Activate the pending account whose confirmation code this is; return it."""
    national_id = validate_national_id(national_id)
    mobile = validate_mobile(mobile)
    otp = verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.REGISTER, code=code, client=client)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=otp.user_id or 0).first()
        if user is None or user.national_id != national_id or user.is_active:
            raise InvalidCodeError(INVALID_CODE_MESSAGE)
        user.is_active = True
        user.mobile_verified_at = timezone.now()
        user.save(update_fields=["is_active", "mobile_verified_at"])
        record_event(SecurityEventKind.ACTIVATED, client=client, actor=user, subject=user)
    return user


def resend_registration_code(*, national_id: str, mobile: str, client: ClientInfo | None) -> None:
    """A fresh code for a registration still waiting for confirmation.

    Like ``register_citizen``, answers the same way when nothing is pending for this pair: an
    undelivered code keeps the rate limits identical.
    """
    pending = User.objects.filter(
        kind=AccountKind.CITIZEN, national_id=national_id, mobile=mobile, is_active=False
    ).first()
    issue_code(
        mobile=mobile,
        purpose=OneTimeCode.Purpose.REGISTER,
        client=client,
        user=pending,
        deliver=pending is not None,
    )
