"""The SMS backend registry: ``NAMA_SMS_BACKEND`` names one of ``BACKENDS``.

Adding a provider is one module with a class that has ``name``, ``send()`` and
``from_settings()``, plus one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from nama.sms.backends.base import SmsBackend
from nama.sms.backends.console import ConsoleBackend
from nama.sms.backends.file import FileBackend
from nama.sms.backends.kavenegar import KavenegarBackend

BACKENDS: dict[str, Callable[[], SmsBackend]] = {
    ConsoleBackend.name: ConsoleBackend.from_settings,
    FileBackend.name: FileBackend.from_settings,
    KavenegarBackend.name: KavenegarBackend.from_settings,
}


def get_backend(name: str | None = None) -> SmsBackend:
    """The backend called ``name`` (default: ``settings.NAMA_SMS_BACKEND``), built from settings."""
    chosen = name or settings.NAMA_SMS_BACKEND
    try:
        factory = BACKENDS[chosen]
    except KeyError:
        raise LookupError(
            f"unknown SMS backend {chosen!r}; choose one of {sorted(BACKENDS)}"
        ) from None
    return factory()
