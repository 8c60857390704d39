"""The console backend writes the message to the log and reports no provider id."""

from __future__ import annotations

import logging

import pytest

from nama.sms.backends import get_backend
from nama.sms.backends.base import SmsMessage
from nama.sms.backends.console import ConsoleBackend


def test_console_backend_logs_the_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="nama.sms.backends.console")
    provider_id = ConsoleBackend().send(SmsMessage(to="09123456789", text="سلام اصفهان"))
    assert provider_id == ""
    assert "SMS to 09123456789: سلام اصفهان" in caplog.text


def test_message_repr_hides_the_text_and_code() -> None:
    message = SmsMessage(to="09123456789", text="کد: 482913", token="482913")
    assert "482913" not in repr(message)


def test_the_registry_builds_backends_by_name() -> None:
    assert isinstance(get_backend("console"), ConsoleBackend)
    with pytest.raises(LookupError, match="unknown SMS backend 'carrier-pigeon'"):
        get_backend("carrier-pigeon")
