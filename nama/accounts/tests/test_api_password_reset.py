"""Password reset over the API: a generic answer, a code, a new password, tokens revoked."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.tests.factories import (
    PASSWORD,
    api_token,
    assert_problem,
    bearer,
    make_mobile,
    make_user,
)
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
JSON = "application/json"
REQUEST = "/api/v1/auth/password/reset/request"
CONFIRM = "/api/v1/auth/password/reset/confirm"
NEW_PASSWORD = "Naqsh-e-Jahan-1404"


def test_a_pair_that_matches_no_account_gets_the_same_answer(sms_outbox: Outbox) -> None:
    citizen = make_user()
    client = Client()
    real = client.post(
        REQUEST, {"national_id": citizen.national_id, "mobile": citizen.mobile}, content_type=JSON
    )
    stranger_mobile = make_mobile()
    fake = client.post(
        REQUEST, {"national_id": "0499370899", "mobile": stranger_mobile}, content_type=JSON
    )
    assert real.status_code == 202
    assert (fake.status_code, fake.content) == (real.status_code, real.content)
    assert sms_outbox.to(stranger_mobile) == []
    assert sms_outbox.last_code(citizen.mobile)


def test_the_code_sets_a_new_password_and_revokes_every_token(sms_outbox: Outbox) -> None:
    citizen = make_user()
    token = api_token(citizen)
    pair = {"national_id": citizen.national_id, "mobile": citizen.mobile}
    client = Client()
    client.post(REQUEST, pair, content_type=JSON)
    code = sms_outbox.last_code(citizen.mobile)
    response = client.post(
        CONFIRM, pair | {"code": code, "new_password": NEW_PASSWORD}, content_type=JSON
    )
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert_problem(client.get("/api/v1/me", headers=bearer(token)), 401, "not_authenticated")


def test_a_weak_password_is_a_field_error_and_keeps_the_code(sms_outbox: Outbox) -> None:
    citizen = make_user()
    pair = {"national_id": citizen.national_id, "mobile": citizen.mobile}
    client = Client()
    client.post(REQUEST, pair, content_type=JSON)
    code = sms_outbox.last_code(citizen.mobile)
    weak = client.post(CONFIRM, pair | {"code": code, "new_password": "1234"}, content_type=JSON)
    body = assert_problem(weak, 422, "validation_error")
    assert list(body["errors"]) == ["new_password"]
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)
    again = client.post(
        CONFIRM, pair | {"code": code, "new_password": NEW_PASSWORD}, content_type=JSON
    )
    assert again.status_code == 200


def test_a_wrong_code_changes_nothing(sms_outbox: Outbox) -> None:
    citizen = make_user()
    pair = {"national_id": citizen.national_id, "mobile": citizen.mobile}
    client = Client()
    client.post(REQUEST, pair, content_type=JSON)
    wrong = f"{(int(sms_outbox.last_code(citizen.mobile)) + 1) % 10**6:06d}"
    response = client.post(
        CONFIRM, pair | {"code": wrong, "new_password": NEW_PASSWORD}, content_type=JSON
    )
    assert_problem(response, 400, "invalid_code")
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_bad_identifiers_are_named_by_field() -> None:
    response = Client().post(
        REQUEST, {"national_id": "۰۰۱۲۳۴۵۶۷۸", "mobile": "0812345678"}, content_type=JSON
    )
    body = assert_problem(response, 422, "validation_error")
    assert set(body["errors"]) == {"national_id", "mobile"}
