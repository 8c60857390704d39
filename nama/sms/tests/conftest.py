from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from nama.sms import backends
from nama.sms.tests.fakes import ScriptedBackend
from nama.sms.tests.kavenegar_sandbox import KavenegarSandbox


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> ScriptedBackend:
    """Make the scripted backend the configured one and return it."""
    backend = ScriptedBackend()
    monkeypatch.setitem(backends.BACKENDS, backend.name, lambda: backend)
    settings.NAMA_SMS_BACKEND = backend.name
    return backend


@pytest.fixture
def sandbox() -> Iterator[KavenegarSandbox]:
    server = KavenegarSandbox().start()
    yield server
    server.stop()


@pytest.fixture
def kavenegar(sandbox: KavenegarSandbox, settings: Settings) -> KavenegarSandbox:
    """Configure the kavenegar backend against the local sandbox."""
    settings.NAMA_SMS_BACKEND = "kavenegar"
    settings.KAVENEGAR_BASE_URL = sandbox.base_url
    settings.KAVENEGAR_API_KEY = sandbox.api_key
    settings.KAVENEGAR_SENDER = "10004346"
    settings.KAVENEGAR_OTP_TEMPLATE = "nama-verify"
    settings.NAMA_SMS_TIMEOUT_SECONDS = 5
    return sandbox
