"""send_sms validates, records and queues; the task runs only after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from pytest_django.fixtures import Settings

from nama.sms.constants import SmsKind, SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.services import send_sms
from nama.sms.tests.fakes import ScriptedBackend

pytestmark = pytest.mark.django_db

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_the_message_is_recorded_and_sent_after_commit(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sms = send_sms(to="۰۹۱۲۳۴۵۶۷۸۹", text="درخواست شما ثبت شد.")
    # Given the transaction has not committed, then nothing has been sent yet.
    assert sms.status == SmsStatus.QUEUED
    assert sms.to == "09123456789"
    assert scripted.sent == []
    assert len(callbacks) == 1

    callbacks[0]()

    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT
    assert sms.attempts == 1
    assert sms.provider_message_id == "id-1"
    assert sms.backend == "scripted"
    assert sms.sent_at is not None
    assert [message.to for message in scripted.sent] == ["09123456789"]


def test_a_rolled_back_transaction_sends_nothing(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    def callers_work() -> None:
        with transaction.atomic():
            send_sms(to="09123456789", text="این پیام نباید برود.")
            raise RuntimeError("the caller's work failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        callers_work()

    assert callbacks == []
    assert not OutboundSms.objects.exists()
    assert scripted.sent == []


@pytest.mark.parametrize("to", ["0912345678", "۰۸۱۲۳۴۵۶۷۸۹", "not a number", ""])
def test_an_invalid_mobile_is_refused_in_persian_and_nothing_is_stored(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks, to: str
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as excinfo,
    ):
        send_sms(to=to, text="سلام")

    assert excinfo.value.code == "mobile_invalid"
    assert "همراه" in excinfo.value.messages[0]
    assert callbacks == []
    assert not OutboundSms.objects.exists()
    assert scripted.sent == []


def test_an_empty_text_is_refused(scripted: ScriptedBackend) -> None:
    with pytest.raises(ValidationError, match="متن پیامک خالی است"):
        send_sms(to="09123456789", text="  ")
    assert not OutboundSms.objects.exists()


def test_an_otp_keeps_its_code_only_until_sent(
    scripted: ScriptedBackend,
    settings: Settings,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    settings.KAVENEGAR_OTP_TEMPLATE = "nama-verify"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sms = send_sms(
            to="09123456789", text="کد ورود شما: {token}", kind=SmsKind.OTP, token="482913"
        )
    stored = OutboundSms.objects.get(pk=sms.pk)
    assert stored.text == "کد ورود شما: {token}"  # the code is not in the text
    assert stored.token == "482913"  # the worker needs it
    assert stored.template == "nama-verify"

    callbacks[0]()

    (message,) = scripted.sent
    assert message.text == "کد ورود شما: 482913"
    assert message.token == "482913"
    assert message.template == "nama-verify"
    stored.refresh_from_db()
    assert stored.status == SmsStatus.SENT
    assert stored.token == ""


def test_an_explicit_template_wins_over_the_setting(scripted: ScriptedBackend) -> None:
    sms = send_sms(
        to="09123456789", text="{token}", kind=SmsKind.OTP, template="other", token="1234"
    )
    assert sms.template == "other"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": SmsKind.OTP, "text": "کد: {token}"}, "needs a token"),
        ({"kind": SmsKind.OTP, "text": "کد: {token}", "token": "12 34"}, "needs a token"),
        ({"kind": SmsKind.OTP, "text": "کد: 1234", "token": "1234"}, "placeholder"),
        ({"text": "سلام", "token": "1234"}, "OTP messages only"),
        ({"text": "سلام", "template": "x"}, "OTP messages only"),
    ],
)
def test_misuse_by_a_caller_is_a_programming_error(
    scripted: ScriptedBackend, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        send_sms(to="09123456789", **kwargs)
    assert not OutboundSms.objects.exists()
