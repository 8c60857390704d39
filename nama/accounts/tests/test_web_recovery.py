"""Forgotten password, change of password and change of mobile, on the web."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.models import SecurityEvent
from nama.accounts.services.codes import INVALID_CODE_MESSAGE
from nama.accounts.services.tokens import create_token
from nama.accounts.tests.factories import PASSWORD, make_mobile, make_user
from nama.core.testing.html import outline
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zayandeh-Rud-1404"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_a_forgotten_password_is_reset_by_code_and_the_citizen_then_signs_in(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen = make_user()

    asked = client.post(
        "/accounts/password/reset/",
        {"national_id": citizen.national_id, "mobile": citizen.mobile.translate(PERSIAN)},
    )
    code = sms_outbox.last_code(citizen.mobile)
    reset = client.post(
        "/accounts/password/reset/confirm/",
        {"code": code, "new_password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        follow=True,
    )

    assert asked["Location"] == "/accounts/password/reset/confirm/"
    assert reset.redirect_chain == [("/accounts/login/", 302)]
    assert "_auth_user_id" not in client.session  # a reset does not sign in
    assert "گذرواژهٔ تازه ثبت شد. اکنون با آن وارد شوید." in outline(reset.content).text
    signed_in = client.post(
        "/accounts/login/", {"identifier": citizen.username, "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == "/accounts/"


def test_a_weak_new_password_is_refused_and_the_code_still_works(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen = make_user()
    client.post(
        "/accounts/password/reset/", {"national_id": citizen.national_id, "mobile": citizen.mobile}
    )
    code = sms_outbox.last_code(citizen.mobile)

    weak = client.post(
        "/accounts/password/reset/confirm/",
        {"code": code, "new_password": "12345", "password_confirm": "12345"},
    )
    strong = client.post(
        "/accounts/password/reset/confirm/",
        {"code": code, "new_password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )

    assert set(weak.context["form"].errors) == {"new_password"}
    assert strong.status_code == 302


def test_a_wrong_reset_code_changes_nothing(client: Client, sms_outbox: Outbox) -> None:
    citizen = make_user()
    client.post(
        "/accounts/password/reset/", {"national_id": citizen.national_id, "mobile": citizen.mobile}
    )
    right = sms_outbox.last_code(citizen.mobile)

    response = client.post(
        "/accounts/password/reset/confirm/",
        {
            "code": f"{(int(right) + 1) % 1_000_000:06d}",
            "new_password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )

    assert response.context["form"].errors == {"__all__": [INVALID_CODE_MESSAGE]}
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_a_signed_in_citizen_changes_the_password_and_stays_signed_in(client: Client) -> None:
    citizen = make_user()
    create_token(user=citizen, name="گوشی", client=None)
    client.force_login(citizen)

    wrong_old = client.post(
        "/accounts/password/change/",
        {"old_password": "nope", "new_password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    changed = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )

    assert wrong_old.context["form"].errors == {"old_password": ["گذرواژه فعلی نادرست است."]}
    assert changed["Location"] == "/accounts/security/"
    assert client.get("/accounts/").status_code == 200
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert not citizen.api_tokens.filter(revoked_at__isnull=True).exists()


def test_the_mobile_changes_after_the_new_number_is_confirmed(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen = make_user()
    old, new = citizen.mobile, make_mobile()
    client.force_login(citizen)

    started = client.post(
        "/accounts/mobile/", {"mobile": new.translate(PERSIAN), "password": PASSWORD}
    )
    page = outline(client.get("/accounts/mobile/confirm/").content)
    confirmed = client.post("/accounts/mobile/confirm/", {"code": sms_outbox.last_code(new)})

    assert started["Location"] == "/accounts/mobile/confirm/"
    assert any(new[-4:].translate(PERSIAN) in text for text in page.text)
    assert confirmed["Location"] == "/accounts/"
    citizen.refresh_from_db()
    assert citizen.mobile == new
    assert any("تغییر کرد" in message["text"] for message in sms_outbox.to(old))
    assert SecurityEvent.objects.filter(kind="mobile_changed", subject=citizen).exists()


def test_a_mobile_change_needs_the_password_and_a_different_number(client: Client) -> None:
    citizen = make_user()
    client.force_login(citizen)

    wrong_password = client.post("/accounts/mobile/", {"mobile": make_mobile(), "password": "x"})
    same_number = client.post("/accounts/mobile/", {"mobile": citizen.mobile, "password": PASSWORD})

    assert wrong_password.context["form"].errors == {"password": ["گذرواژه نادرست است."]}
    assert same_number.context["form"].errors == {"mobile": ["این شماره همان شماره فعلی شماست."]}


def test_another_session_cannot_finish_someone_elses_mobile_change(
    client: Client, sms_outbox: Outbox
) -> None:
    citizen, other = make_user(), make_user()
    new = make_mobile()
    client.force_login(citizen)
    client.post("/accounts/mobile/", {"mobile": new, "password": PASSWORD})
    code = sms_outbox.last_code(new)
    client.force_login(other)  # same browser, another account

    response = client.post("/accounts/mobile/confirm/", {"code": code})

    assert response["Location"] == "/accounts/mobile/"
    other.refresh_from_db()
    assert other.mobile != new
