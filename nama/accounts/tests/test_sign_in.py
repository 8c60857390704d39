"""Signing in: generic refusals, lockout per account and per IP, second factor for staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django_otp.oath import totp

from nama.accounts.constants import StaffRole
from nama.accounts.errors import LoginError, ThrottledError
from nama.accounts.models import SecurityEvent, User
from nama.accounts.services.login import (
    WRONG_CREDENTIALS,
    check_code_login,
    check_password_login,
    check_second_factor,
    record_login,
    request_login_code,
)
from nama.accounts.tests.factories import PASSWORD, make_user, staff_member, totp_device
from nama.core.http import ClientInfo
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
CLIENT = ClientInfo(ip="198.51.100.7", user_agent="pytest")


def _fail(identifier: str, client: ClientInfo = CLIENT) -> Exception:
    with pytest.raises((LoginError, ThrottledError)) as refused:
        check_password_login(identifier=identifier, password="wrong-password", client=client)
    return refused.value


def test_a_citizen_signs_in_with_national_id_in_any_digit_script() -> None:
    citizen = make_user()
    persian = citizen.national_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))  # type: ignore[union-attr]
    assert check_password_login(identifier=persian, password=PASSWORD, client=CLIENT) == citizen


def test_wrong_password_and_unknown_account_get_the_same_answer() -> None:
    citizen = make_user()
    wrong_password = _fail(citizen.username)
    unknown = _fail("0499370899")
    assert isinstance(wrong_password, LoginError)
    assert isinstance(unknown, LoginError)
    assert wrong_password.detail == unknown.detail == WRONG_CREDENTIALS


def test_an_unconfirmed_registration_cannot_sign_in() -> None:
    pending = make_user(pending=True)
    assert isinstance(_fail(pending.username), LoginError)
    with pytest.raises(LoginError):
        check_password_login(identifier=pending.username, password=PASSWORD, client=CLIENT)


def test_five_failures_lock_the_account_and_the_message_says_when() -> None:
    citizen = make_user()
    for _ in range(5):
        assert isinstance(_fail(citizen.username), LoginError)
    locked = _fail(citizen.username)
    assert isinstance(locked, ThrottledError)
    assert locked.code == "locked_out"
    assert "۱۵ دقیقه" in locked.detail
    # Even the right password is refused while locked, from another address too.
    with pytest.raises(ThrottledError):
        check_password_login(
            identifier=citizen.username, password=PASSWORD, client=ClientInfo(ip="203.0.113.1")
        )
    assert SecurityEvent.objects.filter(kind="locked_out", subject=citizen).count() == 2


def test_the_lock_ends_after_the_lockout_period() -> None:
    citizen = make_user()
    for _ in range(5):
        _fail(citizen.username)
    SecurityEvent.objects.filter(kind="login_failed").update(
        created_at=SecurityEvent.objects.first().created_at - timedelta(minutes=16)  # type: ignore[union-attr]
    )
    assert check_password_login(identifier=citizen.username, password=PASSWORD, client=CLIENT)


def test_a_successful_sign_in_resets_the_failure_count() -> None:
    citizen = make_user()
    for _ in range(4):
        _fail(citizen.username)
    user = check_password_login(identifier=citizen.username, password=PASSWORD, client=CLIENT)
    record_login(user=user, client=CLIENT, method="password")
    for _ in range(4):
        assert isinstance(_fail(citizen.username), LoginError)


@override_settings(NAMA_LOGIN_IP_MAX_FAILURES=6)
def test_one_address_trying_many_accounts_is_locked_out() -> None:
    for n in range(6):
        _fail(f"unknown-{n}")
    assert isinstance(_fail("someone-else"), ThrottledError)
    # Another address is not affected.
    assert isinstance(_fail("someone-else", ClientInfo(ip="203.0.113.9")), LoginError)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # django-otp's own back-off would delay the retry
def test_staff_need_their_authenticator_code() -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    device = totp_device(clerk)
    user = check_password_login(identifier=clerk.username, password=PASSWORD, client=CLIENT)
    with pytest.raises(LoginError) as refused:
        check_second_factor(user=user, token="000000", client=CLIENT)
    assert refused.value.code == "invalid_second_factor"
    token = f"{totp(device.bin_key):06d}"
    assert check_second_factor(user=user, token=token, client=CLIENT) == device


def test_wrong_authenticator_codes_count_towards_the_lockout() -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    totp_device(clerk)
    for _ in range(5):
        with pytest.raises(LoginError):
            check_second_factor(user=clerk, token="000000", client=CLIENT)
    with pytest.raises(ThrottledError):
        check_password_login(identifier=clerk.username, password=PASSWORD, client=CLIENT)


def test_a_citizen_signs_in_with_a_one_time_code(sms_outbox: Outbox) -> None:
    citizen = make_user()
    request_login_code(national_id=citizen.national_id or "", mobile=citizen.mobile, client=CLIENT)
    code = sms_outbox.last_code(citizen.mobile)
    user = check_code_login(
        national_id=citizen.national_id or "", mobile=citizen.mobile, code=code, client=CLIENT
    )
    assert user == citizen


def test_a_code_is_not_sent_when_national_id_and_mobile_do_not_match(sms_outbox: Outbox) -> None:
    citizen = make_user()
    other_mobile = "09350000000"
    request_login_code(national_id=citizen.national_id or "", mobile=other_mobile, client=CLIENT)
    assert sms_outbox.messages == []
    assert User.objects.count() == 1
