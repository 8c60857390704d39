"""Staff second factor: enrolling an authenticator app (TOTP).

Knowing a new staff member's password is not enough to enroll: the first authenticator is
confirmed with its own code AND a one-time code sent by SMS to the mobile that the
administrator recorded on the account. Without a mobile on file, an administrator enrolls the
account (``nama createadmin`` for the first one, or by resetting the device in the admin).
"""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.errors import AccountStateError, LoginError
from nama.accounts.models import OneTimeCode, User
from nama.accounts.services.codes import issue_code, verify_code
from nama.accounts.services.lockout import lockout_error, lockout_until
from nama.accounts.services.login import login_key
from nama.core.http import ClientInfo
from nama.core.text import normalize_digits

DEVICE_NAME = "برنامهٔ احراز هویت"
NO_MOBILE = (
    "برای حساب شما شماره همراهی ثبت نشده است؛ برای راه‌اندازی رمز دوم از مدیر سامانه بخواهید "
    "شماره همراه شما را ثبت کند."
)
WRONG_AUTHENTICATOR_CODE = (
    "کد برنامه نادرست است. کد تازه‌ای را که برنامه نشان می‌دهد وارد کنید؛ "
    "اگر کدها همیشه نادرست‌اند، ساعت گوشی را بررسی کنید."
)


def start_enrollment(*, user: User, client: ClientInfo | None) -> TOTPDevice:
    """A fresh, unconfirmed authenticator for a staff member, and an SMS code to confirm it.

    Earlier unfinished authenticators are dropped. Raises ``AccountStateError`` without a
    mobile on file, ``ThrottledError`` when codes are rate-limited (nothing written then).
    """
    if user.kind != AccountKind.STAFF or not user.mobile:
        raise AccountStateError(NO_MOBILE, code="no_mobile_on_file")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        issue_code(mobile=user.mobile, purpose=OneTimeCode.Purpose.ENROLL, client=client, user=user)
    return device


def resend_enrollment_code(*, user: User, client: ClientInfo | None) -> None:
    if not user.mobile:
        raise AccountStateError(NO_MOBILE, code="no_mobile_on_file")
    issue_code(mobile=user.mobile, purpose=OneTimeCode.Purpose.ENROLL, client=client, user=user)


def confirm_enrollment(
    *,
    user: User,
    device: TOTPDevice,
    token: str,
    sms_code: str,
    client: ClientInfo | None,
) -> None:
    """Confirm the new authenticator with its first code and the SMS code.

    Wrong authenticator codes count towards the account's lockout.
    """
    key = login_key(user.username)
    until = lockout_until(key=key, client=client)
    if until is not None:
        raise lockout_error(until)
    if not device.verify_token(normalize_digits(token or "").strip()):
        with transaction.atomic():
            record_event(
                SecurityEventKind.SECOND_FACTOR_FAILED,
                client=client,
                subject=user,
                subject_key=key,
                data={"enrollment": True},
            )
        raise LoginError(WRONG_AUTHENTICATOR_CODE, code="invalid_second_factor")
    otp = verify_code(
        mobile=user.mobile, purpose=OneTimeCode.Purpose.ENROLL, code=sms_code, client=client
    )
    if otp.user_id != user.pk:
        raise LoginError(WRONG_AUTHENTICATOR_CODE, code="invalid_second_factor")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(
            SecurityEventKind.SECOND_FACTOR_ENROLLED, client=client, actor=user, subject=user
        )
