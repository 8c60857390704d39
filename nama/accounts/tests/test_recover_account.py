"""Password reset and change, mobile change: each confirmed by code, each audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.errors import InvalidCodeError, LoginError, ThrottledError
from nama.accounts.models import ApiToken, SecurityEvent, User
from nama.accounts.services.recovery import (
    MOBILE_CHANGED_NOTICE,
    change_password,
    confirm_mobile_change,
    request_password_reset,
    reset_password,
    start_mobile_change,
)
from nama.accounts.services.tokens import create_token
from nama.accounts.tests.factories import PASSWORD, make_user
from nama.core.http import ClientInfo
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
CLIENT = ClientInfo(ip="192.0.2.50")
NEW_PASSWORD = "Chehel-Sotoun-1404"


def test_reset_sets_the_password_and_revokes_api_tokens(sms_outbox: Outbox) -> None:
    citizen = make_user()
    create_token(user=citizen, name="phone", client=CLIENT)
    request_password_reset(
        national_id=citizen.national_id or "", mobile=citizen.mobile, client=CLIENT
    )
    code = sms_outbox.last_code(citizen.mobile)
    reset_password(
        national_id=citizen.national_id or "",
        mobile=citizen.mobile,
        code=code,
        new_password=NEW_PASSWORD,
        client=CLIENT,
    )
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=citizen, revoked_at__isnull=True).exists()
    assert SecurityEvent.objects.filter(kind="password_reset", subject=citizen).exists()


def test_a_weak_new_password_is_refused_without_burning_the_code(sms_outbox: Outbox) -> None:
    citizen = make_user()
    request_password_reset(
        national_id=citizen.national_id or "", mobile=citizen.mobile, client=CLIENT
    )
    code = sms_outbox.last_code(citizen.mobile)
    args = {"national_id": citizen.national_id or "", "mobile": citizen.mobile, "code": code}
    with pytest.raises(ValidationError):
        reset_password(**args, new_password="12345", client=CLIENT)
    reset_password(**args, new_password=NEW_PASSWORD, client=CLIENT)


def test_reset_for_an_unknown_pair_sends_nothing(sms_outbox: Outbox) -> None:
    citizen = make_user()
    request_password_reset(
        national_id=citizen.national_id or "", mobile="09350000000", client=CLIENT
    )
    request_password_reset(national_id="0499370899", mobile=citizen.mobile, client=CLIENT)
    assert sms_outbox.messages == []


def test_change_password_needs_the_current_one() -> None:
    citizen = make_user()
    with pytest.raises(ValidationError) as refused:
        change_password(user=citizen, old_password="nope", new_password=NEW_PASSWORD, client=CLIENT)
    assert "old_password" in refused.value.message_dict
    change_password(user=citizen, old_password=PASSWORD, new_password=NEW_PASSWORD, client=CLIENT)
    assert citizen.check_password(NEW_PASSWORD)


def test_mobile_change_is_confirmed_on_the_new_number_and_told_to_the_old(
    sms_outbox: Outbox,
) -> None:
    citizen = make_user(mobile="09130000002")
    new = start_mobile_change(
        user=citizen, new_mobile="۰۹۱۳۰۰۰۰۰۰۳", password=PASSWORD, client=CLIENT
    )
    assert new == "09130000003"
    assert User.objects.get(pk=citizen.pk).mobile == "09130000002"
    code = sms_outbox.last_code("09130000003")
    confirm_mobile_change(user=citizen, new_mobile=new, code=code, client=CLIENT)
    citizen.refresh_from_db()
    assert citizen.mobile == "09130000003"
    assert [m["text"] for m in sms_outbox.to("09130000002")] == [MOBILE_CHANGED_NOTICE]


def test_mobile_change_needs_the_password_and_the_right_code(sms_outbox: Outbox) -> None:
    citizen = make_user(mobile="09130000004")
    with pytest.raises(LoginError):
        start_mobile_change(user=citizen, new_mobile="09130000005", password="x", client=CLIENT)
    start_mobile_change(user=citizen, new_mobile="09130000005", password=PASSWORD, client=CLIENT)
    other = make_user()
    code = sms_outbox.last_code("09130000005")
    with pytest.raises(InvalidCodeError):
        confirm_mobile_change(user=other, new_mobile="09130000005", code=code, client=CLIENT)
    citizen.refresh_from_db()
    assert citizen.mobile == "09130000004"


def test_guessing_the_current_password_on_change_pages_locks_out(sms_outbox: Outbox) -> None:
    citizen = make_user()
    for _ in range(5):
        with pytest.raises(ValidationError):
            change_password(
                user=citizen, old_password="guess", new_password=NEW_PASSWORD, client=CLIENT
            )
    with pytest.raises(ThrottledError):
        start_mobile_change(
            user=citizen, new_mobile="09130000009", password=PASSWORD, client=CLIENT
        )
