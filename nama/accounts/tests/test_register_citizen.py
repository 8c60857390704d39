"""Registration: validated details, an inactive account until the mobile is confirmed, and no
way to learn whether a national ID is registered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.errors import InvalidCodeError, ThrottledError
from nama.accounts.models import OneTimeCode, SecurityEvent, User
from nama.accounts.services.registration import (
    ALREADY_REGISTERED_NOTICE,
    clean_registration,
    confirm_registration,
    register_citizen,
)
from nama.accounts.tests.factories import PASSWORD, make_user
from nama.core.http import ClientInfo
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
CLIENT = ClientInfo(ip="192.0.2.44")
VALID: dict[str, Any] = {
    "national_id": "۰۴۹۹۳۷۰۸۹۹",
    "mobile": "+98 912 123 4567",
    "first_name": "علي",
    "last_name": "كريمی",
    "birth_date": date(1990, 5, 1),
    "password": "Isfahan-Naqsh-e-Jahan",
}


def test_details_are_normalised() -> None:
    registration = clean_registration(**VALID)
    assert registration.national_id == "0499370899"
    assert registration.mobile == "09121234567"
    assert registration.first_name == "علی"
    assert registration.last_name == "کریمی"


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        clean_registration(
            **{
                **VALID,
                "national_id": "1234567890",
                "mobile": "0212345678",
                "birth_date": date(2024, 1, 1),
                "password": "short",
            }
        )
    assert set(refused.value.message_dict) == {"national_id", "mobile", "birth_date", "password"}


def test_a_password_of_nine_characters_is_too_short() -> None:
    with pytest.raises(ValidationError) as refused:
        clean_registration(**{**VALID, "password": "Zx9!kq2Lm"})
    assert "password" in refused.value.message_dict


def test_register_then_confirm_activates_the_account(sms_outbox: Outbox) -> None:
    register_citizen(registration=clean_registration(**VALID), client=CLIENT)
    user = User.objects.get(national_id="0499370899")
    assert not user.is_active
    assert user.username == "0499370899"
    assert user.check_password(VALID["password"])
    code = sms_outbox.last_code("09121234567")
    confirmed = confirm_registration(
        national_id="0499370899", mobile="09121234567", code=code, client=CLIENT
    )
    assert confirmed.is_active
    assert confirmed.mobile_verified_at is not None
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"registered", "code_sent", "code_verified", "activated"} <= kinds


def test_a_wrong_code_leaves_the_account_inactive(sms_outbox: Outbox) -> None:
    register_citizen(registration=clean_registration(**VALID), client=CLIENT)
    with pytest.raises(InvalidCodeError):
        confirm_registration(
            national_id="0499370899", mobile="09121234567", code="000000", client=CLIENT
        )
    assert not User.objects.get(national_id="0499370899").is_active


def test_registering_again_before_confirming_replaces_the_pending_details(
    sms_outbox: Outbox,
) -> None:
    register_citizen(registration=clean_registration(**VALID), client=CLIENT)
    OneTimeCode.objects.update(created_at=OneTimeCode.objects.get().created_at.replace(year=2020))
    again = clean_registration(**{**VALID, "mobile": "09351112233", "first_name": "رضا"})
    register_citizen(registration=again, client=CLIENT)
    user = User.objects.get(national_id="0499370899")
    assert (user.mobile, user.first_name, user.is_active) == ("09351112233", "رضا", False)
    assert User.objects.count() == 1


def test_registering_an_existing_account_changes_nothing_and_warns_its_owner(
    sms_outbox: Outbox,
) -> None:
    owner = make_user(national_id="0499370899", username="0499370899", mobile="09130000001")
    before = User.objects.values().get(pk=owner.pk)
    register_citizen(registration=clean_registration(**VALID), client=CLIENT)
    assert User.objects.values().get(pk=owner.pk) == before
    assert owner.check_password(PASSWORD)
    # The would-be registrant gets no code; the real owner gets a notice.
    assert sms_outbox.to("09121234567") == []
    assert [m["text"] for m in sms_outbox.to("09130000001")] == [ALREADY_REGISTERED_NOTICE]
    # An undelivered code keeps the rate limits identical to a real registration.
    assert OneTimeCode.objects.get(mobile="09121234567").delivered is False


def test_a_throttled_registration_writes_nothing(sms_outbox: Outbox) -> None:
    register_citizen(registration=clean_registration(**VALID), client=CLIENT)
    other = clean_registration(**{**VALID, "national_id": "0012345679"})
    with pytest.raises(ThrottledError):
        register_citizen(registration=other, client=CLIENT)
    assert not User.objects.filter(national_id="0012345679").exists()
    assert SecurityEvent.objects.filter(kind="code_throttled").count() == 1
