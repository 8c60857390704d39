"""The mobile app's whole journey: register, confirm by SMS, sign in for a token, sign out."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nama.accounts.constants import SecurityEventKind
from nama.accounts.models import SecurityEvent, User
from nama.accounts.tests.factories import assert_problem, bearer, make_mobile, make_national_id
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
JSON = "application/json"
PASSWORD = "Zayandeh-Rud-1404"


def test_register_confirm_sign_in_use_and_revoke_a_token(sms_outbox: Outbox) -> None:
    client = Client()
    national_id, mobile = make_national_id(), make_mobile()
    registration = {
        "national_id": national_id,
        "mobile": mobile,
        "first_name": "مریم",
        "last_name": "احمدی",
        "birth_date": "1370/05/12",
        "password": PASSWORD,
    }
    # Given a new citizen who registers
    response = client.post("/api/v1/auth/register", registration, content_type=JSON)
    assert response.status_code == 202
    # When they confirm with the code from the SMS
    code = sms_outbox.last_code(mobile)
    response = client.post(
        "/api/v1/auth/register/verify",
        {"national_id": national_id, "mobile": mobile, "code": code},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["national_id"] == national_id
    assert User.objects.get(national_id=national_id).is_active
    # And sign in for a token
    response = client.post(
        "/api/v1/auth/login",
        {"identifier": national_id, "password": PASSWORD, "mode": "token", "token_name": "Pixel"},
        content_type=JSON,
    )
    assert response.status_code == 200
    issued = response.json()["token"]
    assert issued["token"].startswith("nama_")
    assert issued["expires_at"]
    # Then the token works, is listed without its secret, and can be revoked
    me = client.get("/api/v1/me", headers=bearer(issued["token"]))
    assert me.status_code == 200
    assert me.json()["mobile"] == f"{mobile[:4]}***{mobile[-4:]}"
    assert me.json()["username"] == national_id
    tokens = client.get("/api/v1/me/tokens", headers=bearer(issued["token"])).json()
    assert [(t["id"], t["name"], t["revoked"]) for t in tokens] == [(issued["id"], "Pixel", False)]
    assert issued["token"] not in json.dumps(tokens)
    revoked = client.delete(f"/api/v1/me/tokens/{issued['id']}", headers=bearer(issued["token"]))
    assert revoked.status_code == 204
    assert_problem(
        client.get("/api/v1/me", headers=bearer(issued["token"])), 401, "not_authenticated"
    )
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {
        SecurityEventKind.REGISTERED,
        SecurityEventKind.ACTIVATED,
        SecurityEventKind.LOGIN_SUCCEEDED,
        SecurityEventKind.TOKEN_CREATED,
        SecurityEventKind.TOKEN_REVOKED,
    } <= kinds
