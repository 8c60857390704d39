"""One-time codes sent by SMS: issue with rate limits, verify with an attempt limit.

Rules (settings ``NAMA_OTP_*``): 6 digits, valid 2 minutes, only a keyed hash stored, at most
5 wrong tries per code, a new code for the same purpose only after 60 s, at most 5 codes per
mobile per hour and a limit per IP. Callers that must not reveal whether an account exists
issue an undelivered code (``deliver=False``): it is counted and rate-limited like any other
but never sent and never verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.constants import SecurityEventKind
from nama.accounts.errors import InvalidCodeError, ThrottledError, seconds_until, wait_phrase
from nama.accounts.models import OneTimeCode, User
from nama.core.http import ClientInfo
from nama.core.locks import lock_for_transaction
from nama.core.text import normalize_digits
from nama.sms.constants import SmsKind
from nama.sms.services import send_sms

Purpose = OneTimeCode.Purpose

_SMS_TEXT = {
    Purpose.REGISTER: "کد ثبت‌نام شما در اصفهان‌نما: {token}",
    Purpose.LOGIN: "کد ورود شما به اصفهان‌نما: {token}",
    Purpose.RESET: "کد بازیابی گذرواژه اصفهان‌نما: {token}",
    Purpose.CHANGE_MOBILE: "کد تأیید شماره همراه تازه در اصفهان‌نما: {token}",
    Purpose.REPRESENTATION: "کد تأیید نمایندگی در اصفهان‌نما: {token}",
    Purpose.ENROLL: "کد راه‌اندازی رمز دوم کارکنان در اصفهان‌نما: {token}",
}
INVALID_CODE_MESSAGE = "کد واردشده نادرست یا منقضی است. کد را دوباره بررسی کنید یا کد تازه بگیرید."


def _hash(mobile: str, purpose: str, code: str) -> str:
    message = f"{mobile}|{purpose}|{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _check_rate_limits(mobile: str, purpose: str, client: ClientInfo | None) -> None:
    now = timezone.now()
    codes = OneTimeCode.objects
    last = codes.filter(mobile=mobile, purpose=purpose).order_by("-created_at").first()
    resend_at = (
        last.created_at + timedelta(seconds=settings.NAMA_OTP_RESEND_SECONDS) if last else now
    )
    if resend_at > now:
        wait = seconds_until(resend_at)
        raise ThrottledError(
            f"کد قبلی تازه فرستاده شده است؛ {wait_phrase(wait)} دیگر دوباره درخواست کنید.",
            retry_after=wait,
            code="code_resend_too_soon",
        )
    hour_ago = now - timedelta(hours=1)
    by_mobile = codes.filter(mobile=mobile, created_at__gte=hour_ago).order_by("created_at")
    _refuse_when_full(by_mobile, settings.NAMA_OTP_MAX_PER_MOBILE_HOUR, now)
    if client and client.ip:
        by_ip = codes.filter(ip=client.ip, created_at__gte=hour_ago).order_by("created_at")
        _refuse_when_full(by_ip, settings.NAMA_OTP_MAX_PER_IP_HOUR, now)


def _refuse_when_full(recent: Any, limit: int, now: Any) -> None:
    window = list(recent.values_list("created_at", flat=True)[: limit + 1])
    if len(window) < limit:
        return
    # The oldest code still in the last hour decides when a slot frees up.
    wait = seconds_until(window[len(window) - limit] + timedelta(hours=1))
    raise ThrottledError(
        f"تعداد درخواست کد بیش از حد مجاز است؛ {wait_phrase(wait)} دیگر دوباره تلاش کنید.",
        retry_after=wait,
        code="code_limit_reached",
    )


def check_code_allowed(*, mobile: str, purpose: Purpose, client: ClientInfo | None) -> None:
    """Raise ``ThrottledError`` (audited) if a code for ``mobile`` could not be issued now.

    For callers that write something before issuing the code, so a refusal writes nothing.
    ``issue_code`` checks again under its lock.
    """
    try:
        _check_rate_limits(mobile, purpose, client)
    except ThrottledError as error:
        _record_throttled(mobile, purpose, client, None, error)
        raise


def issue_code(
    *,
    mobile: str,
    purpose: Purpose,
    client: ClientInfo | None,
    user: User | None = None,
    payload: dict[str, Any] | None = None,
    deliver: bool = True,
) -> OneTimeCode:
    """Make a new code for ``mobile`` and ``purpose`` and (when ``deliver``) send it by SMS.

    Raises ``ThrottledError`` (nothing written, nothing sent) when a rate limit is reached.
    """
    try:
        with transaction.atomic():
            lock_for_transaction(f"otp:{mobile}")
            _check_rate_limits(mobile, purpose, client)
            otp = _create_code(
                mobile=mobile,
                purpose=purpose,
                client=client,
                user=user,
                payload=payload,
                deliver=deliver,
            )
    except ThrottledError as error:
        _record_throttled(mobile, purpose, client, user, error)
        raise
    return otp


def _create_code(
    *,
    mobile: str,
    purpose: Purpose,
    client: ClientInfo | None,
    user: User | None,
    payload: dict[str, Any] | None,
    deliver: bool,
) -> OneTimeCode:
    code = f"{secrets.randbelow(1_000_000):06d}"
    OneTimeCode.objects.filter(
        mobile=mobile, purpose=purpose, used_at__isnull=True, superseded=False
    ).update(superseded=True)
    now = timezone.now()
    otp = OneTimeCode.objects.create(
        mobile=mobile,
        purpose=purpose,
        user=user,
        code_hash=_hash(mobile, purpose, code),
        payload=payload or {},
        ip=client.ip if client else None,
        delivered=deliver,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.NAMA_OTP_TTL_SECONDS),
    )
    if deliver:
        send_sms(to=mobile, text=_SMS_TEXT[purpose], kind=SmsKind.OTP, token=code)
    record_event(
        SecurityEventKind.CODE_SENT,
        client=client,
        subject=user,
        subject_key=mobile,
        data={"purpose": purpose.value, "delivered": deliver},
    )
    return otp


def _record_throttled(
    mobile: str, purpose: str, client: ClientInfo | None, user: User | None, error: ThrottledError
) -> None:
    with transaction.atomic():
        record_event(
            SecurityEventKind.CODE_THROTTLED,
            client=client,
            subject=user,
            subject_key=mobile,
            data={"purpose": str(purpose), "reason": error.code},
        )


def verify_code(
    *, mobile: str, purpose: Purpose, code: str, client: ClientInfo | None
) -> OneTimeCode:
    """Consume the current code for ``mobile`` and ``purpose`` if ``code`` matches it.

    A wrong code counts against the code's attempts (kept even though the call fails); after
    ``NAMA_OTP_MAX_ATTEMPTS`` wrong tries the code is dead. Raises ``InvalidCodeError``.
    """
    typed = normalize_digits(code or "").strip()
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(mobile=mobile, purpose=purpose, used_at__isnull=True, superseded=False)
            .order_by("-created_at")
            .first()
        )
        matched = otp is not None and _matches(otp, typed)
        if otp is not None and matched:
            otp.used_at = timezone.now()
            otp.save(update_fields=["used_at"])
        elif otp is not None:
            otp.failed_attempts += 1
            otp.save(update_fields=["failed_attempts"])
        kind = SecurityEventKind.CODE_VERIFIED if matched else SecurityEventKind.CODE_FAILED
        record_event(
            kind,
            client=client,
            subject=otp.user if otp else None,
            subject_key=mobile,
            data={"purpose": purpose.value},
        )
    if otp is None or not matched:
        raise InvalidCodeError(INVALID_CODE_MESSAGE)
    return otp


def _matches(otp: OneTimeCode, typed: str) -> bool:
    usable = (
        otp.delivered
        and otp.expires_at > timezone.now()
        and otp.failed_attempts < settings.NAMA_OTP_MAX_ATTEMPTS
    )
    if not (usable and len(typed) == 6 and typed.isascii() and typed.isdigit()):
        return False
    return hmac.compare_digest(otp.code_hash, _hash(otp.mobile, otp.purpose, typed))
