"""The Kavenegar adapter against a real local server that speaks Kavenegar's protocol."""

from __future__ import annotations

import socket

import pytest

from nama.sms.backends import get_backend
from nama.sms.backends.base import PermanentSmsError, SmsMessage, TransientSmsError
from nama.sms.backends.kavenegar import KavenegarBackend, classify
from nama.sms.constants import SmsKind
from nama.sms.tests.kavenegar_sandbox import KavenegarSandbox, Reply

PLAIN = SmsMessage(to="09123456789", text="درخواست شما ثبت شد.")
OTP = SmsMessage(
    to="09123456789",
    text="کد ورود شما: 482913",
    kind=SmsKind.OTP,
    template="nama-verify",
    token="482913",
)


def _backend(sandbox: KavenegarSandbox, **overrides: object) -> KavenegarBackend:
    options: dict[str, object] = {
        "api_key": sandbox.api_key,
        "base_url": sandbox.base_url,
        "timeout": 5.0,
        "sender": "10004346",
    }
    options.update(overrides)
    return KavenegarBackend(**options)  # type: ignore[arg-type]


def test_plain_message_posts_the_form_to_sms_send(sandbox: KavenegarSandbox) -> None:
    message_id = _backend(sandbox).send(PLAIN)

    (received,) = sandbox.requests
    assert received.path == f"/v1/{sandbox.api_key}/sms/send.json"
    assert received.content_type.startswith("application/x-www-form-urlencoded")
    assert received.fields == {
        "receptor": "09123456789",
        "sender": "10004346",
        "message": "درخواست شما ثبت شد.",
    }
    assert message_id == str(sandbox.next_message_id)


def test_without_a_sender_kavenegar_uses_the_account_default(sandbox: KavenegarSandbox) -> None:
    _backend(sandbox, sender="").send(PLAIN)
    assert "sender" not in sandbox.requests[0].fields


def test_one_time_code_uses_verify_lookup_with_the_template(sandbox: KavenegarSandbox) -> None:
    message_id = _backend(sandbox).send(OTP)

    (received,) = sandbox.requests
    assert received.path == f"/v1/{sandbox.api_key}/verify/lookup.json"
    assert received.fields == {
        "receptor": "09123456789",
        "token": "482913",
        "template": "nama-verify",
    }
    assert message_id


def test_the_backend_is_built_from_settings(kavenegar: KavenegarSandbox) -> None:
    get_backend().send(PLAIN)
    assert kavenegar.requests[0].fields["sender"] == "10004346"


def test_a_wrong_api_key_is_a_permanent_error(sandbox: KavenegarSandbox) -> None:
    with pytest.raises(PermanentSmsError, match="Kavenegar 403"):
        _backend(sandbox, api_key="not-the-key").send(PLAIN)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (411, PermanentSmsError),  # invalid receptor
        (418, PermanentSmsError),  # not enough credit: needs a person to top up
        (424, PermanentSmsError),  # template not found
        (409, TransientSmsError),  # "try later"
        (500, TransientSmsError),
        (503, TransientSmsError),
    ],
)
def test_kavenegar_statuses_are_permanent_or_transient(
    sandbox: KavenegarSandbox, status: int, error: type[Exception]
) -> None:
    sandbox.script(Reply(status=status))
    with pytest.raises(error, match=f"Kavenegar {status}: "):
        _backend(sandbox).send(PLAIN)


def test_the_provider_message_is_kept_in_the_error(sandbox: KavenegarSandbox) -> None:
    sandbox.script(Reply(status=411))
    with pytest.raises(PermanentSmsError) as excinfo:
        _backend(sandbox).send(PLAIN)
    assert str(excinfo.value) == "Kavenegar 411: شماره گیرنده پیام معتبر نمی‌باشد"


def test_an_error_status_inside_an_http_200_still_fails(sandbox: KavenegarSandbox) -> None:
    sandbox.script(Reply(status=418, http_status=200))
    with pytest.raises(PermanentSmsError, match="Kavenegar 418"):
        _backend(sandbox).send(PLAIN)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(http_status=200, raw_body=b"<html>gateway</html>"), TransientSmsError),
        (Reply(http_status=200, raw_body=b'{"return": {"stat'), TransientSmsError),
        (Reply(http_status=200, raw_body=b'{"entries": []}'), TransientSmsError),
        (Reply(http_status=200, raw_body=b"\xff\xfe"), TransientSmsError),
        (Reply(http_status=502, raw_body=b"Bad Gateway"), TransientSmsError),
        (Reply(http_status=429, raw_body=b"slow down"), TransientSmsError),
        (Reply(http_status=404, raw_body=b"Not Found"), PermanentSmsError),
    ],
)
def test_malformed_answers_are_classified_by_http_status(
    sandbox: KavenegarSandbox, reply: Reply, error: type[Exception]
) -> None:
    sandbox.script(reply)
    with pytest.raises(error, match="without a readable result"):
        _backend(sandbox).send(PLAIN)


def test_a_success_without_entries_has_no_message_id(sandbox: KavenegarSandbox) -> None:
    sandbox.script(Reply(raw_body=b'{"return": {"status": 200, "message": "ok"}, "entries": null}'))
    assert _backend(sandbox).send(PLAIN) == ""


def test_a_slow_provider_is_a_transient_timeout(sandbox: KavenegarSandbox) -> None:
    sandbox.script(Reply(delay=1.0))
    with pytest.raises(TransientSmsError, match="did not answer in time"):
        _backend(sandbox, timeout=0.2).send(PLAIN)


def test_a_refused_connection_is_transient_and_does_not_leak_the_key() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = KavenegarBackend(
        api_key="secret-key-123", base_url=f"http://127.0.0.1:{port}", timeout=1.0
    )
    with pytest.raises(TransientSmsError, match="cannot reach Kavenegar") as excinfo:
        backend.send(PLAIN)
    assert "secret-key-123" not in str(excinfo.value)


def test_missing_configuration_is_permanent_and_sends_nothing(sandbox: KavenegarSandbox) -> None:
    with pytest.raises(PermanentSmsError, match="KAVENEGAR_API_KEY is not set"):
        _backend(sandbox, api_key="").send(PLAIN)
    with pytest.raises(PermanentSmsError, match="http"):
        _backend(sandbox, base_url="file:///etc").send(PLAIN)
    otp_without_template = SmsMessage(to=OTP.to, text=OTP.text, kind=SmsKind.OTP, token="1")
    with pytest.raises(PermanentSmsError, match="OTP template"):
        _backend(sandbox).send(otp_without_template)
    assert sandbox.requests == []


def test_the_api_key_is_escaped_in_the_path(sandbox: KavenegarSandbox) -> None:
    assert (
        _backend(sandbox, api_key="a/b?c")
        .url("sms/send.json")
        .endswith("/v1/a%2Fb%3Fc/sms/send.json")
    )


def test_unknown_statuses_are_permanent_below_500() -> None:
    assert isinstance(classify(499, ""), PermanentSmsError)
    assert isinstance(classify(402, ""), TransientSmsError)
    assert isinstance(classify(599, ""), TransientSmsError)
