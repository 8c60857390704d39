"""`nama check` stops a misconfigured SMS backend before any citizen is affected."""

from __future__ import annotations

from pytest_django.fixtures import Settings

from nama.sms.checks import check_sms_settings


def _ids(settings: Settings) -> list[str]:
    return [message.id or "" for message in check_sms_settings()]


def test_the_local_backends_need_nothing(settings: Settings) -> None:
    for name in ("console", "file"):
        settings.NAMA_SMS_BACKEND = name
        assert _ids(settings) == []


def test_an_unknown_backend_is_an_error(settings: Settings) -> None:
    settings.NAMA_SMS_BACKEND = "smtp"
    assert _ids(settings) == ["sms.E001"]


def test_kavenegar_needs_a_key_and_warns_without_an_otp_template(settings: Settings) -> None:
    settings.NAMA_SMS_BACKEND = "kavenegar"
    settings.KAVENEGAR_API_KEY = ""
    settings.KAVENEGAR_OTP_TEMPLATE = ""
    assert _ids(settings) == ["sms.E002", "sms.W001"]

    settings.KAVENEGAR_API_KEY = "key"
    settings.KAVENEGAR_BASE_URL = "ftp://api.kavenegar.com"
    assert _ids(settings) == ["sms.E002", "sms.W001"]

    settings.KAVENEGAR_BASE_URL = "https://api.kavenegar.com"
    settings.KAVENEGAR_OTP_TEMPLATE = "nama-verify"
    assert _ids(settings) == []
