"""Signing in and out on the web: password or SMS code, lockout, safe ``next``, fixation."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from nama.accounts.models import SecurityEvent
from nama.accounts.services.login import WRONG_CREDENTIALS
from nama.accounts.tests.factories import PASSWORD, make_user
from nama.core.testing.html import Outline, outline
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _form_errors(response: Any) -> list[str]:
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


def test_a_citizen_signs_in_with_a_persian_national_id_and_gets_a_new_session(
    client: Client,
) -> None:
    citizen = make_user()
    before = client.session
    before["seen"] = True
    before.save()
    fixed_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(
        LOGIN, {"identifier": str(citizen.national_id).translate(PERSIAN), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(citizen.pk)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != fixed_key
    assert SecurityEvent.objects.get(kind="login_ok").data == {"method": "password"}


def test_wrong_password_and_unknown_account_get_the_same_persian_answer(client: Client) -> None:
    citizen = make_user()

    wrong = client.post(LOGIN, {"identifier": citizen.username, "password": "not-it-1404"})
    unknown = client.post(LOGIN, {"identifier": "0499370899", "password": "not-it-1404"})

    assert _form_errors(wrong) == _form_errors(unknown) == [WRONG_CREDENTIALS]
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_and_the_page_says_when_to_retry(client: Client) -> None:
    citizen = make_user()
    for _ in range(5):
        client.post(LOGIN, {"identifier": citizen.username, "password": "not-it-1404"})

    locked = client.post(LOGIN, {"identifier": citizen.username, "password": PASSWORD})

    assert locked.status_code == 200
    [message] = _form_errors(locked)
    assert "ورود موقتاً بسته شده است" in message
    assert "۱۵ دقیقه" in message
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_records_it(client: Client) -> None:
    citizen = make_user()
    client.force_login(citizen)

    by_get = client.get("/accounts/logout/")
    still_in = client.get("/accounts/")
    by_post = client.post("/accounts/logout/", follow=True)

    assert by_get.status_code == 405
    assert still_in.status_code == 200
    assert by_post.redirect_chain == [("/", 302)]
    assert "_auth_user_id" not in client.session
    assert "از حساب خود خارج شدید." in outline(by_post.content).text
    assert SecurityEvent.objects.filter(kind="logout", subject=citizen).count() == 1


def test_the_menu_offers_sign_in_or_the_account_and_a_sign_out_form(client: Client) -> None:
    citizen = make_user()

    anonymous = outline(client.get("/").content)
    client.force_login(citizen)
    signed_in = outline(client.get("/").content)

    assert {"ورود", "ثبت‌نام"} <= set(anonymous.text)
    assert "حساب من" in signed_in.text
    forms = [f.attrs for f in signed_in.find_all("form")]
    assert {"method": "post", "action": "/accounts/logout/", "class": "nav-signout"} in forms


@pytest.mark.parametrize(
    ("asked", "landed"),
    [
        ("/accounts/security/", "/accounts/security/"),
        ("https://evil.example/steal", "/accounts/"),
        ("//evil.example/steal", "/accounts/"),
        ("/\\evil.example", "/accounts/"),
        ("javascript:alert(1)", "/accounts/"),
    ],
)
def test_next_is_followed_only_within_the_site(client: Client, asked: str, landed: str) -> None:
    citizen = make_user()

    response = client.post(
        f"{LOGIN}?next={asked}", {"identifier": citizen.username, "password": PASSWORD}
    )

    assert response["Location"] == landed


def test_an_unsafe_next_is_not_even_carried_in_the_form(client: Client) -> None:
    safe = outline(client.get(LOGIN, {"next": "/accounts/security/"}).content)
    unsafe = outline(client.get(LOGIN, {"next": "https://evil.example/"}).content)

    def carried(page: Outline) -> set[str]:
        return {e.attrs["value"] for e in page.find_all("input") if e.attrs.get("name") == "next"}

    assert carried(safe) == {"/accounts/security/"}
    assert carried(unsafe) == set()


def test_pages_for_signed_in_users_send_others_to_sign_in(client: Client) -> None:
    response = client.get("/accounts/security/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"


# --- One-time code ------------------------------------------------------------------------------


def test_a_citizen_signs_in_with_an_sms_code(client: Client, sms_outbox: Outbox) -> None:
    citizen = make_user()

    asked = client.post(
        "/accounts/login/code/?next=/accounts/representatives/",
        {"national_id": str(citizen.national_id).translate(PERSIAN), "mobile": citizen.mobile},
    )
    code = sms_outbox.last_code(citizen.mobile)
    confirmed = client.post("/accounts/login/code/confirm/", {"code": code})

    assert asked["Location"] == "/accounts/login/code/confirm/"
    assert confirmed["Location"] == "/accounts/representatives/"
    assert client.session["_auth_user_id"] == str(citizen.pk)
    assert SecurityEvent.objects.get(kind="login_ok").data == {"method": "code"}


def test_a_code_request_for_a_stranger_looks_the_same_and_sends_nothing(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen = make_user()

    known = client.post(
        "/accounts/login/code/", {"national_id": citizen.national_id, "mobile": citizen.mobile}
    )
    page_known = outline(client.get("/accounts/login/code/confirm/").content).text
    client.logout()
    stranger = client.post(
        "/accounts/login/code/", {"national_id": "0499370899", "mobile": "09131112233"}
    )
    page_stranger = outline(client.get("/accounts/login/code/confirm/").content).text

    assert known["Location"] == stranger["Location"] == "/accounts/login/code/confirm/"
    assert sms_outbox.to("09131112233") == []

    def same_for_everyone(page: list[str]) -> list[str]:
        # The masked mobile differs, and the resend countdown may cross a second between
        # the two pages on a slow machine.
        return [t for t in page if "***" not in t and "ثانیهٔ دیگر" not in t]

    assert same_for_everyone(page_known) == same_for_everyone(page_stranger)
    assert any("ثانیهٔ دیگر" in t for t in page_known)
    assert any("ثانیهٔ دیگر" in t for t in page_stranger)


def test_a_bad_mobile_on_the_code_form_is_shown_on_its_field(client: Client) -> None:
    response = client.post("/accounts/login/code/", {"national_id": "0499370899", "mobile": "12"})

    form = response.context["form"]
    assert form.errors["mobile"] == ["شماره همراه نامعتبر است؛ نمونه درست: ۰۹۱۲۳۴۵۶۷۸۹"]
