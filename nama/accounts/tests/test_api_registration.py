"""Registration over the API: parsing, field errors, no enumeration, rate limits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.accounts.tests.factories import (
    PASSWORD,
    assert_problem,
    make_mobile,
    make_national_id,
    make_user,
)
from nama.core.jalali import from_jalali
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
JSON = "application/json"
REGISTER = "/api/v1/auth/register"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _registration(**changes: str) -> dict[str, Any]:
    return {
        "national_id": make_national_id(),
        "mobile": make_mobile(),
        "first_name": "علی",
        "last_name": "رضایی",
        "birth_date": "1365/11/30",
        "password": "Chaharbagh-1404",
    } | changes


def test_persian_and_arabic_digits_are_accepted_and_stored_as_ascii(sms_outbox: Outbox) -> None:
    national_id, mobile = make_national_id(), make_mobile()
    payload = _registration(
        national_id=national_id.translate(PERSIAN),
        mobile=mobile.translate(ARABIC),
        birth_date="۱۳۷۰/۰۵/۱۲",
    )
    response = Client().post(REGISTER, payload, content_type=JSON)
    assert response.status_code == 202
    user = User.objects.get(national_id=national_id)
    assert (user.mobile, user.birth_date, user.is_active) == (
        mobile,
        from_jalali(1370, 5, 12),
        False,
    )
    assert sms_outbox.last_code(mobile)


def test_every_bad_field_is_named_and_nothing_is_written(sms_outbox: Outbox) -> None:
    payload = _registration(national_id="0012345678", mobile="0912", first_name="ع", password="1")
    body = assert_problem(
        Client().post(REGISTER, payload, content_type=JSON), 422, "validation_error"
    )
    assert set(body["errors"]) == {"national_id", "mobile", "first_name", "password"}
    assert body["errors"]["national_id"] == ["کد ملی نامعتبر است."]
    assert not User.objects.exists()
    assert sms_outbox.messages == []


@pytest.mark.parametrize("birth_date", ["1370/13/01", "1403/12/31", "12/05/1370", ""])
def test_a_bad_jalali_birth_date_is_a_field_error(birth_date: str) -> None:
    payload = _registration(birth_date=birth_date)
    body = assert_problem(
        Client().post(REGISTER, payload, content_type=JSON), 422, "validation_error"
    )
    assert list(body["errors"]) == ["birth_date"]
    assert not User.objects.exists()


def test_missing_fields_and_broken_json_are_problems() -> None:
    client = Client()
    body = assert_problem(client.post(REGISTER, {}, content_type=JSON), 422, "validation_error")
    assert body["errors"]["national_id"] == ["این مورد الزامی است."]
    assert_problem(client.post(REGISTER, "{", content_type=JSON), 400, "bad_request")


def test_an_existing_national_id_gets_the_same_answer_as_a_new_one(sms_outbox: Outbox) -> None:
    existing = make_user()
    other_mobile = make_mobile()
    client = Client()
    new = client.post(REGISTER, _registration(), content_type=JSON)
    taken = client.post(
        REGISTER,
        _registration(national_id=existing.national_id or "", mobile=other_mobile),
        content_type=JSON,
    )
    assert (taken.status_code, taken.content) == (new.status_code, new.content)
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert existing.is_active
    assert sms_outbox.to(other_mobile) == []
    assert len(sms_outbox.to(existing.mobile)) == 1


def test_asking_again_within_a_minute_is_429_with_retry_after(sms_outbox: Outbox) -> None:
    payload = _registration()
    client = Client()
    assert client.post(REGISTER, payload, content_type=JSON).status_code == 202
    response = client.post(REGISTER, payload, content_type=JSON)
    body = assert_problem(response, 429, "code_resend_too_soon")
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "دوباره درخواست کنید" in body["detail"]
    assert len(sms_outbox.to(payload["mobile"])) == 1


def test_a_wrong_code_leaves_the_account_inactive(sms_outbox: Outbox) -> None:
    payload = _registration()
    client = Client()
    client.post(REGISTER, payload, content_type=JSON)
    right = sms_outbox.last_code(payload["mobile"])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post(
        "/api/v1/auth/register/verify",
        {"national_id": payload["national_id"], "mobile": payload["mobile"], "code": wrong},
        content_type=JSON,
    )
    assert_problem(response, 400, "invalid_code")
    assert not User.objects.get(national_id=payload["national_id"]).is_active


def test_confirming_with_a_bad_national_id_names_the_field() -> None:
    response = Client().post(
        "/api/v1/auth/register/verify",
        {"national_id": "1111111111", "mobile": "09121234567", "code": "123456"},
        content_type=JSON,
    )
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"] == {"national_id": ["کد ملی نامعتبر است."]}
