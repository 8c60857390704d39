"""Registering on the web: details → code sent to the mobile → confirmed and signed in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import OneTimeCode, SecurityEvent, User
from nama.accounts.services.codes import INVALID_CODE_MESSAGE
from nama.accounts.tests.factories import PASSWORD, make_mobile, make_national_id, make_user
from nama.core.jalali import from_jalali
from nama.core.testing.html import outline
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
CONFIRM = "/accounts/register/confirm/"
RESEND = "/accounts/register/resend/"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _details(national_id: str, mobile: str, **changes: str) -> dict[str, str]:
    return {
        "national_id": national_id.translate(PERSIAN),
        "mobile": mobile.translate(ARABIC),
        "first_name": "علي",  # Arabic yeh
        "last_name": "كاظمي",  # Arabic kaf and yeh
        "birth_date": "۱۳۷۰/۰۵/۱۲",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        **changes,
    }


def _start(client: Client, **changes: str) -> tuple[str, str]:
    national_id, mobile = make_national_id(), make_mobile()
    response = client.post(REGISTER, _details(national_id, mobile, **changes))
    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    return national_id, mobile


def _errors(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_citizen_registers_in_persian_confirms_the_code_and_is_signed_in(
    client: Client, sms_outbox: Outbox
) -> None:
    national_id, mobile = _start(client)

    page = client.get(CONFIRM)
    code = sms_outbox.last_code(mobile)
    response = client.post(CONFIRM, {"code": code.translate(PERSIAN)})

    assert "***" in page.content.decode()  # the mobile is shown masked
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    user = User.objects.get(national_id=national_id)
    assert user.is_active
    assert (user.first_name, user.last_name) == ("علی", "کاظمی")
    assert user.mobile == mobile
    assert user.birth_date == from_jalali(1370, 5, 12)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SecurityEvent.objects.filter(kind="login_ok", subject=user).exists()
    home = outline(client.get("/accounts/").content)
    assert "سلام، علی کاظمی." in home.text


def test_the_code_page_carries_no_identity_in_the_form(client: Client, sms_outbox: Outbox) -> None:
    _start(client)

    page = outline(client.get(CONFIRM).content)

    names = {element.attrs.get("name") for element in page.find_all("input")}
    assert names == {"csrfmiddlewaretoken", "code"}
    code_input = next(e for e in page.find_all("input") if e.attrs.get("name") == "code")
    assert code_input.attrs["autocomplete"] == "one-time-code"
    assert code_input.attrs["inputmode"] == "numeric"


def test_a_wrong_code_is_refused_in_persian_and_nothing_is_activated(
    client: Client, sms_outbox: Outbox
) -> None:
    national_id, mobile = _start(client)
    right = sms_outbox.last_code(mobile)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(CONFIRM, {"code": wrong})

    assert response.status_code == 200
    assert _errors(response) == {"__all__": [INVALID_CODE_MESSAGE]}
    assert not User.objects.get(national_id=national_id).is_active
    assert "_auth_user_id" not in client.session


def test_resend_too_soon_is_refused_with_the_wait_and_a_countdown(
    client: Client, sms_outbox: Outbox
) -> None:
    _, mobile = _start(client)

    response = client.post(RESEND, follow=True)

    assert len(sms_outbox.to(mobile)) == 1
    page = outline(response.content)
    assert any("دوباره درخواست کنید" in text for text in page.text)
    button = next(e for e in page.find_all("button") if "data-resend-wait" in e.attrs)
    assert 0 < int(button.attrs["data-resend-wait"]) <= 60


def test_resend_after_a_minute_sends_a_new_code_and_the_old_one_dies(
    client: Client, sms_outbox: Outbox
) -> None:
    national_id, mobile = _start(client)
    first = sms_outbox.last_code(mobile)
    OneTimeCode.objects.filter(mobile=mobile).update(
        created_at=OneTimeCode.objects.get(mobile=mobile).created_at - timedelta(seconds=61)
    )

    client.post(RESEND)
    second = sms_outbox.last_code(mobile)
    stale = client.post(CONFIRM, {"code": first})
    fresh = client.post(CONFIRM, {"code": second})

    assert len(sms_outbox.to(mobile)) == 2
    assert stale.status_code == 200
    assert fresh.status_code == 302
    assert User.objects.get(national_id=national_id).is_active


def test_every_bad_field_gets_its_own_persian_message(client: Client) -> None:
    data = _details(
        "1234567890",
        make_mobile(),
        first_name="ع",
        birth_date="۱۴۰۲/۱۲/۳۰",  # 1402 is not a leap year: Esfand has 29 days
        password_confirm="something-else",
    )

    response = client.post(REGISTER, data)

    errors = _errors(response)
    assert errors["national_id"] == ["کد ملی نامعتبر است."]
    assert errors["first_name"] == ["نام باید بین ۲ تا ۵۰ نویسه باشد."]
    assert "اسفند" in errors["birth_date"][0]
    assert errors["password_confirm"] == ["تکرار گذرواژه با خود آن یکی نیست."]
    assert not User.objects.exists()
    page = outline(response.content)
    national_id = next(e for e in page.find_all("input") if e.attrs.get("name") == "national_id")
    assert national_id.attrs["aria-invalid"] == "true"
    assert "id_national_id_error" in national_id.attrs["aria-describedby"]
    summary = [e.attrs["href"] for e in page.find_all("a") if e.attrs.get("href", "")[:4] == "#id_"]
    assert "#id_national_id" in summary


def test_a_weak_password_and_an_empty_form_are_explained(client: Client) -> None:
    weak = client.post(
        REGISTER,
        _details(make_national_id(), make_mobile(), password="1234", password_confirm="1234"),
    )
    empty = client.post(REGISTER, {})

    assert _errors(weak)["password"]
    assert _errors(empty)["national_id"] == ["کد ملی را وارد کنید."]
    assert _errors(empty)["birth_date"] == ["تاریخ تولد را وارد کنید."]


def test_an_already_registered_national_id_gets_the_same_answer(
    client: Client, sms_outbox: Outbox
) -> None:
    owner = make_user()
    new_mobile = make_mobile()

    response = client.post(REGISTER, _details(str(owner.national_id), new_mobile))
    page = client.get(CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    assert page.status_code == 200
    assert sms_outbox.to(new_mobile) == []  # no code for someone else's account
    assert len(sms_outbox.to(owner.mobile)) == 1  # its owner is told instead
    owner.refresh_from_db()
    assert owner.mobile != new_mobile


def test_the_code_page_without_a_registration_sends_you_to_the_start(client: Client) -> None:
    response = client.get(CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == REGISTER


def test_the_register_page_labels_every_field(client: Client) -> None:
    page = outline(client.get(REGISTER).content)

    inputs = [e for e in page.find_all("input") if e.attrs.get("type") != "hidden"]
    labelled = {e.attrs["for"] for e in page.find_all("label")}
    assert {e.attrs["id"] for e in inputs} <= labelled
    autocomplete = {e.attrs["name"]: e.attrs.get("autocomplete") for e in inputs}
    assert autocomplete["national_id"] == "username"
    assert autocomplete["password"] == "new-password"
    assert autocomplete["birth_date"] == "off"
