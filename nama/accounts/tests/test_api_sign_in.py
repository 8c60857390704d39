"""Signing in over the API: tokens and sessions, CSRF, staff second factor, lockout, codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from nama.accounts.constants import SecurityEventKind, StaffRole
from nama.accounts.models import ApiToken, SecurityEvent
from nama.accounts.tests.factories import (
    PASSWORD,
    api_token,
    assert_problem,
    authenticator_code,
    bearer,
    make_mobile,
    make_user,
    staff_member,
    totp_device,
)
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
JSON = "application/json"
LOGIN = "/api/v1/auth/login"
CSRF_SECRET = "k" * 32


def _login(client: Client, **payload: Any) -> Any:
    return client.post(LOGIN, payload, content_type=JSON)


def _web_client() -> Client:
    """A browser on our own pages: enforces CSRF and holds the CSRF cookie the page set."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def test_the_web_client_signs_in_to_a_session_with_its_csrf_token() -> None:
    citizen = make_user()
    client = _web_client()
    response = client.post(
        LOGIN,
        {"identifier": citizen.username, "password": PASSWORD, "mode": "session"},
        content_type=JSON,
        headers={"X-CSRFToken": CSRF_SECRET},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token"] is None
    assert settings.SESSION_COOKIE_NAME in response.cookies
    me = client.get("/api/v1/me")
    assert (me.status_code, me.json()["username"]) == (200, citizen.username)
    # Unsafe requests on the session need the (rotated) CSRF token, as Django forms do.
    assert_problem(client.post("/api/v1/auth/logout"), 403, "csrf_failed")
    out = client.post("/api/v1/auth/logout", headers={"X-CSRFToken": body["csrf_token"]})
    assert out.status_code == 204
    assert_problem(client.get("/api/v1/me"), 401, "not_authenticated")


def test_session_sign_in_without_csrf_token_is_refused_before_the_password_is_checked() -> None:
    citizen = make_user()
    response = _login(_web_client(), identifier=citizen.username, password=PASSWORD, mode="session")
    assert_problem(response, 403, "csrf_failed")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not SecurityEvent.objects.exists()


def test_token_sign_in_needs_no_csrf_token() -> None:
    citizen = make_user()
    response = _login(_web_client(), identifier=citizen.username, password=PASSWORD)
    assert response.status_code == 200
    assert response.json()["mode"] == "token"
    assert response.json()["csrf_token"] is None


def test_wrong_password_and_unknown_account_get_the_same_problem() -> None:
    citizen = make_user()
    client = Client()
    wrong = assert_problem(
        _login(client, identifier=citizen.username, password="not-it"), 401, "invalid_credentials"
    )
    unknown = assert_problem(
        _login(client, identifier="0499370899", password="not-it"), 401, "invalid_credentials"
    )
    assert wrong["detail"] == unknown["detail"]
    assert not ApiToken.objects.exists()


def test_repeated_failures_lock_the_account_with_429_and_retry_after() -> None:
    citizen = make_user()
    client = Client()
    for _ in range(settings.NAMA_LOGIN_MAX_FAILURES):
        _login(client, identifier=citizen.username, password="not-it")
    response = _login(client, identifier=citizen.username, password=PASSWORD)
    body = assert_problem(response, 429, "locked_out")
    assert 1 <= int(response["Retry-After"]) <= settings.NAMA_LOCKOUT_SECONDS + 1
    assert "دقیقه دیگر دوباره تلاش کنید" in body["detail"]
    assert not ApiToken.objects.exists()


def test_staff_without_the_authenticator_code_are_refused() -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 3)
    device = totp_device(clerk)
    client = Client()
    missing = _login(client, identifier=clerk.username, password=PASSWORD)
    assert_problem(missing, 401, "second_factor_required")
    wrong_code = f"{(int(authenticator_code(device)) + 1) % 10**6:06d}"
    wrong = _login(client, identifier=clerk.username, password=PASSWORD, otp=wrong_code)
    assert_problem(wrong, 401, "invalid_second_factor")
    assert not ApiToken.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SECOND_FACTOR_FAILED).count() == 1
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_SUCCEEDED).exists()


def test_staff_with_the_authenticator_code_get_a_token_that_carries_their_roles() -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 3)
    device = totp_device(clerk)
    client = Client()
    response = _login(
        client, identifier=clerk.username, password=PASSWORD, otp=authenticator_code(device)
    )
    assert response.status_code == 200
    token = response.json()["token"]["token"]
    roles = client.get("/api/v1/me", headers=bearer(token)).json()["roles"]
    assert [(role["role"], role["district"]["number"]) for role in roles] == [
        (StaffRole.DESK_CLERK.value, 3)
    ]


def test_staff_session_passes_the_second_factor_to_later_requests() -> None:
    clerk = staff_member(StaffRole.VISIT_AGENT, 5)
    device = totp_device(clerk)
    client = Client()
    response = _login(
        client,
        identifier=clerk.username,
        password=PASSWORD,
        otp=authenticator_code(device),
        mode="session",
    )
    assert response.status_code == 200
    roles = client.get("/api/v1/me").json()["roles"]
    assert [role["district"]["number"] for role in roles] == [5]


def test_a_citizen_signs_in_with_an_sms_code(sms_outbox: Outbox) -> None:
    citizen = make_user()
    client = Client()
    matching = {"national_id": citizen.national_id, "mobile": citizen.mobile}
    response = client.post("/api/v1/auth/login/code/request", matching, content_type=JSON)
    assert response.status_code == 202
    code = sms_outbox.last_code(citizen.mobile).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = client.post(
        "/api/v1/auth/login/code/verify",
        matching | {"code": code, "token_name": "iPhone"},
        content_type=JSON,
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token["name"] == "iPhone"
    assert client.get("/api/v1/me", headers=bearer(token["token"])).status_code == 200


def test_asking_for_a_code_does_not_reveal_whether_the_account_exists(sms_outbox: Outbox) -> None:
    citizen = make_user()
    client = Client()
    url = "/api/v1/auth/login/code/request"
    real = client.post(
        url, {"national_id": citizen.national_id, "mobile": citizen.mobile}, content_type=JSON
    )
    stranger_mobile = make_mobile()
    fake = client.post(
        url, {"national_id": "0499370899", "mobile": stranger_mobile}, content_type=JSON
    )
    assert (fake.status_code, fake.content) == (real.status_code, real.content)
    assert sms_outbox.to(stranger_mobile) == []


def test_signing_out_revokes_only_the_presented_token() -> None:
    citizen = make_user()
    phone, tablet = api_token(citizen, "phone"), api_token(citizen, "tablet")
    client = Client()
    assert client.post("/api/v1/auth/logout", headers=bearer(phone)).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=bearer(phone)), 401, "not_authenticated")
    assert client.get("/api/v1/me", headers=bearer(tablet)).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).count() == 1


@pytest.mark.parametrize(
    "authorization", ["", "Bearer nama_not-a-token", "Bearer something-else", "Basic dTpw"]
)
def test_requests_without_a_usable_credential_are_401(authorization: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    assert_problem(Client().get("/api/v1/me", headers=headers), 401, "not_authenticated")
    assert_problem(Client().post("/api/v1/auth/logout", headers=headers), 401, "not_authenticated")
