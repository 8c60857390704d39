"""Password reset and change, and change of mobile — each confirmed by a one-time code."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.errors import InvalidCodeError, LoginError
from nama.accounts.models import ApiToken, OneTimeCode, User
from nama.accounts.services.codes import INVALID_CODE_MESSAGE, issue_code, verify_code
from nama.accounts.services.login import confirm_current_password
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.sms.services import send_sms

PASSWORD_CHANGED_NOTICE = (
    "گذرواژه حساب شما در اصفهان‌نما تغییر کرد. اگر شما نبودید، با شهرداری تماس بگیرید."  # noqa: S105
)
MOBILE_CHANGED_NOTICE = (
    "شماره همراه حساب شما در اصفهان‌نما تغییر کرد. اگر شما نبودید، با شهرداری تماس بگیرید."
)


def request_password_reset(*, national_id: str, mobile: str, client: ClientInfo | None) -> None:
    """Send a reset code when national ID and mobile belong to one active citizen.

    The answer is the same either way (an undelivered code is issued otherwise).
    """
    national_id = validate_national_id(national_id)
    mobile = validate_mobile(mobile)
    user = User.objects.filter(
        kind=AccountKind.CITIZEN, national_id=national_id, mobile=mobile, is_active=True
    ).first()
    issue_code(
        mobile=mobile,
        purpose=OneTimeCode.Purpose.RESET,
        client=client,
        user=user,
        deliver=user is not None,
    )


def _set_password(
    user: User, password: str, kind: SecurityEventKind, client: ClientInfo | None
) -> None:
    """Set the password, end API tokens (sessions end by Django's session hash check)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    record_event(kind, client=client, actor=user, subject=user)
    if user.mobile:
        send_sms(to=user.mobile, text=PASSWORD_CHANGED_NOTICE)


def reset_password(
    *, national_id: str, mobile: str, code: str, new_password: str, client: ClientInfo | None
) -> User:
    """Set a new password with a reset code; every API token of the account is revoked."""
    national_id = validate_national_id(national_id)
    mobile = validate_mobile(mobile)
    # Check the password first so a weak one does not burn the code, against a probe rather
    # than the stored account: which passwords are refused must not reveal that it exists.
    try:
        validate_password(new_password, User(username=national_id))
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    otp = verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.RESET, code=code, client=client)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=otp.user_id or 0, is_active=True).first()
        if user is None or user.national_id != national_id:
            raise InvalidCodeError(INVALID_CODE_MESSAGE)
        _set_password(user, new_password, SecurityEventKind.PASSWORD_RESET, client)
    return user


def change_password(
    *, user: User, old_password: str, new_password: str, client: ClientInfo | None
) -> None:
    """Change the password of a signed-in user who knows the current one."""
    if not confirm_current_password(user=user, password=old_password, client=client):
        raise ValidationError({"old_password": ["گذرواژه فعلی نادرست است."]})
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    with transaction.atomic():
        _set_password(user, new_password, SecurityEventKind.PASSWORD_CHANGED, client)


def start_mobile_change(
    *, user: User, new_mobile: str, password: str, client: ClientInfo | None
) -> str:
    """Send a code to the new number after checking the password; return the normalised number."""
    if not confirm_current_password(user=user, password=password, client=client):
        raise LoginError("گذرواژه نادرست است.", code="invalid_password")
    mobile = validate_mobile(new_mobile)
    if mobile == user.mobile:
        raise ValidationError({"new_mobile": ["این شماره همان شماره فعلی شماست."]})
    issue_code(mobile=mobile, purpose=OneTimeCode.Purpose.CHANGE_MOBILE, client=client, user=user)
    return mobile


def confirm_mobile_change(
    *, user: User, new_mobile: str, code: str, client: ClientInfo | None
) -> None:
    """Switch to the new number once its code is confirmed; the old number is told."""
    mobile = validate_mobile(new_mobile)
    otp = verify_code(
        mobile=mobile, purpose=OneTimeCode.Purpose.CHANGE_MOBILE, code=code, client=client
    )
    if otp.user_id != user.pk:
        raise InvalidCodeError(INVALID_CODE_MESSAGE)
    with transaction.atomic():
        old_mobile = user.mobile
        user.mobile = mobile
        user.mobile_verified_at = timezone.now()
        user.save(update_fields=["mobile", "mobile_verified_at"])
        record_event(
            SecurityEventKind.MOBILE_CHANGED,
            client=client,
            actor=user,
            subject=user,
            data={"old": old_mobile[-4:], "new": mobile[-4:]},
        )
        if old_mobile:
            send_sms(to=old_mobile, text=MOBILE_CHANGED_NOTICE)


def resend_mobile_change_code(*, user: User, new_mobile: str, client: ClientInfo | None) -> None:
    """A fresh code to the new number of a mobile change the user started (password checked)."""
    mobile = validate_mobile(new_mobile)
    issue_code(mobile=mobile, purpose=OneTimeCode.Purpose.CHANGE_MOBILE, client=client, user=user)
