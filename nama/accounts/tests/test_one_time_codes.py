"""One-time codes: 6 digits, 2 minutes, hashed, 5 tries, resend after 60 s, hourly limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from nama.accounts.errors import InvalidCodeError, ThrottledError
from nama.accounts.models import OneTimeCode, SecurityEvent
from nama.accounts.services.codes import issue_code, verify_code
from nama.core.http import ClientInfo
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
REGISTER = OneTimeCode.Purpose.REGISTER
MOBILE = "09121234567"
CLIENT = ClientInfo(ip="192.0.2.10")


def _age_codes(seconds: int) -> None:
    """Move every code's clock back, as if ``seconds`` had passed."""
    for otp in OneTimeCode.objects.all():
        otp.created_at -= timedelta(seconds=seconds)
        otp.expires_at -= timedelta(seconds=seconds)
        otp.save(update_fields=["created_at", "expires_at"])


def test_a_code_is_six_digits_sent_by_sms_and_stored_only_as_a_hash(sms_outbox: Outbox) -> None:
    otp = issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    assert len(code) == 6
    assert code not in otp.code_hash
    assert len(otp.code_hash) == 64
    assert (otp.expires_at - otp.created_at) == timedelta(seconds=120)


def test_the_right_code_verifies_once(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    assert verify_code(mobile=MOBILE, purpose=REGISTER, code=code, client=CLIENT).used_at
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code=code, client=CLIENT)


def test_persian_and_arabic_digits_are_accepted(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert verify_code(mobile=MOBILE, purpose=REGISTER, code=f" {persian} ", client=CLIENT)
    _age_codes(61)
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert verify_code(mobile=MOBILE, purpose=REGISTER, code=arabic, client=CLIENT)


def test_a_code_expires_after_two_minutes(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    _age_codes(121)
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code=code, client=CLIENT)


def test_five_wrong_tries_kill_the_code(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(InvalidCodeError):
            verify_code(mobile=MOBILE, purpose=REGISTER, code=wrong, client=CLIENT)
    assert OneTimeCode.objects.get().failed_attempts == 5
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code=code, client=CLIENT)


def test_a_code_for_another_purpose_or_mobile_does_not_verify(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    code = sms_outbox.last_code(MOBILE)
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=OneTimeCode.Purpose.RESET, code=code, client=CLIENT)
    with pytest.raises(InvalidCodeError):
        verify_code(mobile="09120000000", purpose=REGISTER, code=code, client=CLIENT)


def test_a_new_code_replaces_the_old_one(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    old = sms_outbox.last_code(MOBILE)
    _age_codes(61)
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    new = sms_outbox.last_code(MOBILE)
    if old != new:
        with pytest.raises(InvalidCodeError):
            verify_code(mobile=MOBILE, purpose=REGISTER, code=old, client=CLIENT)
    assert verify_code(mobile=MOBILE, purpose=REGISTER, code=new, client=CLIENT)


def test_resend_is_refused_within_60_seconds_and_nothing_is_sent(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    _age_codes(30)
    with pytest.raises(ThrottledError) as refused:
        issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    assert 29 <= refused.value.retry_after <= 30
    assert refused.value.detail.startswith("کد قبلی تازه فرستاده شده است؛ ۳۰ ثانیه")
    assert OneTimeCode.objects.count() == 1
    assert len(sms_outbox.to(MOBILE)) == 1
    assert SecurityEvent.objects.filter(kind="code_throttled").count() == 1


def test_at_most_five_codes_per_mobile_per_hour(sms_outbox: Outbox) -> None:
    for _ in range(5):
        issue_code(mobile=MOBILE, purpose=REGISTER, client=None)
        _age_codes(61)
    with pytest.raises(ThrottledError) as refused:
        issue_code(mobile=MOBILE, purpose=REGISTER, client=None)
    assert refused.value.code == "code_limit_reached"
    assert "دقیقه" in refused.value.detail
    _age_codes(3600)
    issue_code(mobile=MOBILE, purpose=REGISTER, client=None)


@override_settings(NAMA_OTP_MAX_PER_IP_HOUR=3)
def test_codes_per_ip_are_limited_across_mobiles(sms_outbox: Outbox) -> None:
    for n in range(3):
        issue_code(mobile=f"0912000000{n}", purpose=REGISTER, client=CLIENT)
    with pytest.raises(ThrottledError):
        issue_code(mobile="09120000009", purpose=REGISTER, client=CLIENT)
    issue_code(mobile="09120000009", purpose=REGISTER, client=ClientInfo(ip="192.0.2.99"))


def test_an_undelivered_code_is_counted_but_never_sent_and_never_verifies(
    sms_outbox: Outbox,
) -> None:
    otp = issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT, deliver=False)
    assert sms_outbox.to(MOBILE) == []
    with pytest.raises(ThrottledError):
        issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    # Even a lucky guess of the right digits fails: nothing was delivered.
    otp.code_hash = "0" * 64
    otp.save(update_fields=["code_hash"])
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code="000000", client=CLIENT)


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "12 456"])
def test_malformed_codes_are_refused(sms_outbox: Outbox, bad: str) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code=bad, client=CLIENT)


def test_every_send_and_check_is_audited(sms_outbox: Outbox) -> None:
    issue_code(mobile=MOBILE, purpose=REGISTER, client=CLIENT)
    with pytest.raises(InvalidCodeError):
        verify_code(mobile=MOBILE, purpose=REGISTER, code="000000", client=CLIENT)
    verify_code(mobile=MOBILE, purpose=REGISTER, code=sms_outbox.last_code(MOBILE), client=CLIENT)
    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds[0] == "code_sent"
    assert kinds[-1] == "code_verified"
    assert set(SecurityEvent.objects.values_list("ip", flat=True)) == {"192.0.2.10"}
    assert timezone.now() - SecurityEvent.objects.first().created_at < timedelta(minutes=1)  # type: ignore[union-attr]
