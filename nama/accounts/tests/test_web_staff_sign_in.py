"""Staff on the web: the password alone never starts a session; the second factor does."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.constants import StaffRole
from nama.accounts.models import SecurityEvent, User
from nama.accounts.services.login import WRONG_SECOND_FACTOR
from nama.accounts.services.staff import grant_role
from nama.accounts.tests.factories import PASSWORD, district, make_user, staff_member, totp_device
from nama.core.testing.html import outline
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SECOND_FACTOR = "/accounts/login/second-factor/"
ENROLL = "/accounts/login/authenticator/"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def _wrong(token: str) -> str:
    return f"{(int(token) + 1) % 1_000_000:06d}"


def _password_step(client: Client, user: User, next_url: str = "") -> str:
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    response = client.post(url, {"identifier": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


def _system_admin() -> User:
    admin = make_user(staff=True)
    grant_role(actor=None, user=admin, role=StaffRole.SYSTEM_ADMIN, district=None, client=None)
    admin.refresh_from_db()
    return admin


def test_the_password_alone_starts_no_session(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    totp_device(clerk)

    landed = _password_step(client, clerk)
    home = client.get("/accounts/")
    admin = client.get("/admin/")

    assert landed == SECOND_FACTOR
    assert "_auth_user_id" not in client.session
    assert home.status_code == 302
    assert home["Location"].startswith(LOGIN)
    assert admin.status_code == 302
    assert "/admin/" in admin["Location"]
    assert not SecurityEvent.objects.filter(kind="login_ok").exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_wrong_code_is_refused_then_the_right_one_signs_in(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    device = totp_device(clerk)
    _password_step(client, clerk)
    token = _token(device)

    wrong = client.post(SECOND_FACTOR, {"token": _wrong(token)})
    right = client.post(SECOND_FACTOR, {"token": token.translate(PERSIAN)})

    assert wrong.context["form"].errors == {"token": [WRONG_SECOND_FACTOR]}
    assert right.status_code == 302
    assert right["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(clerk.pk)
    assert SecurityEvent.objects.get(kind="login_ok").data == {"method": "password+totp"}


def test_the_staff_home_shows_roles_districts_and_the_second_factor(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    device = totp_device(clerk)
    _password_step(client, clerk)
    client.post(SECOND_FACTOR, {"token": _token(device)})

    page = outline(client.get("/accounts/").content)

    assert "کارمند پیشخوان شهرسازی" in page.text
    assert district(7).name in page.text
    assert "authenticator" in page.text
    assert "ورود به بخش مدیریت سامانه" not in page.text  # no admin rights


def test_the_admin_opens_only_after_the_second_factor(client: Client) -> None:
    admin = _system_admin()
    device = totp_device(admin)

    landed = _password_step(client, admin, next_url="/admin/")
    before = client.get("/admin/")
    after_code = client.post(SECOND_FACTOR, {"token": _token(device)})
    after = client.get("/admin/")

    assert landed == SECOND_FACTOR
    assert before.status_code == 302
    assert after_code["Location"] == "/admin/"
    assert after.status_code == 200
    assert "ورود به بخش مدیریت سامانه" in outline(client.get("/accounts/").content).text


def test_the_admin_login_page_leads_to_the_site_sign_in(client: Client) -> None:
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_staff_member_without_an_authenticator_enrolls_one(
    client: Client, sms_outbox: Outbox
) -> None:
    planner = staff_member(StaffRole.PLANNING_OFFICER, 7)

    landed = _password_step(client, planner)
    page = client.get(ENROLL)
    device = TOTPDevice.objects.get(user=planner)
    sms_code = sms_outbox.last_code(planner.mobile)
    wrong = client.post(ENROLL, {"token": _wrong(_token(device)), "sms_code": sms_code})
    signed_in_after_wrong = "_auth_user_id" in client.session
    right = client.post(ENROLL, {"token": _token(device), "sms_code": sms_code})

    assert landed == ENROLL
    html = page.content.decode()
    assert '<svg width="' in html
    assert 'class="qr-code"' in html
    secret = outline(html).text
    assert any(len(text.replace(" ", "")) == 32 for text in secret)  # base32 of 20 bytes
    assert wrong.status_code == 200
    assert not signed_in_after_wrong
    assert right["Location"] == "/accounts/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["_auth_user_id"] == str(planner.pk)
    assert SecurityEvent.objects.filter(kind="2fa_enrolled", subject=planner).count() == 1
    assert SecurityEvent.objects.filter(kind="2fa_failed", subject=planner).count() == 1


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_password_alone_cannot_enroll_an_authenticator(
    client: Client, sms_outbox: Outbox
) -> None:
    planner = staff_member(StaffRole.PLANNING_OFFICER, 7)
    _password_step(client, planner)
    device = TOTPDevice.objects.get(user=planner)

    refused = client.post(ENROLL, {"token": _token(device), "sms_code": "000000"})

    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert not device.confirmed


def test_a_staff_member_without_a_mobile_on_file_is_told_to_ask_the_admin(
    client: Client,
) -> None:
    planner = staff_member(StaffRole.PLANNING_OFFICER, 7, mobile="")

    response = client.post(LOGIN, {"identifier": planner.username, "password": PASSWORD})

    assert response.status_code == 200
    assert "مدیر سامانه" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=planner).exists()
    assert "_auth_user_id" not in client.session


def test_enrollment_is_not_offered_to_someone_who_already_has_a_device(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    totp_device(clerk)
    _password_step(client, clerk)

    response = client.get(ENROLL)

    assert response["Location"] == SECOND_FACTOR
    assert TOTPDevice.objects.filter(user=clerk).count() == 1


def test_the_pending_sign_in_expires_after_five_minutes(client: Client) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    device = totp_device(clerk)
    _password_step(client, clerk)
    session = client.session
    session["accounts.staff_pending"] = {
        **session["accounts.staff_pending"],
        "started": session["accounts.staff_pending"]["started"] - 301,
    }
    session.save()

    response = client.post(SECOND_FACTOR, {"token": _token(device)}, follow=True)

    assert response.redirect_chain == [(LOGIN, 302)]
    assert "_auth_user_id" not in client.session
    assert "دوباره وارد شوید" in " ".join(outline(response.content).text)


def test_the_second_factor_page_without_a_password_step_sends_you_to_sign_in(
    client: Client,
) -> None:
    assert client.get(SECOND_FACTOR)["Location"] == LOGIN
    assert client.get(ENROLL)["Location"] == LOGIN
