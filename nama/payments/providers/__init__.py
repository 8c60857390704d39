"""Payment providers by code: the built-in sandbox, Saman (SEP) and ZarinPal v4 (ADR 0031).

``NAMA_PAYMENT_PROVIDERS`` lists the enabled ones (the first is offered by default);
``provider(code)`` builds one from the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.conf import settings

from nama.payments.providers.base import PaymentProvider

_FACTORIES: dict[str, Callable[[], PaymentProvider]] = {}


def register(code: str) -> Callable[[Callable[[], PaymentProvider]], Callable[[], PaymentProvider]]:
    def decorate(factory: Callable[[], PaymentProvider]) -> Callable[[], PaymentProvider]:
        if code in _FACTORIES:
            raise ValueError(f"payment provider {code!r} registered twice")
        _FACTORIES[code] = factory
        return factory

    return decorate


def known_codes() -> list[str]:
    _load()
    return sorted(_FACTORIES)


def enabled_codes() -> list[str]:
    return [code for code in settings.NAMA_PAYMENT_PROVIDERS if code in known_codes()]


def provider(code: str) -> PaymentProvider:
    """The provider ``code``; raise ``LookupError`` for an unknown or disabled one."""
    _load()
    if code not in settings.NAMA_PAYMENT_PROVIDERS or code not in _FACTORIES:
        raise LookupError(f"payment provider {code!r} is not enabled")
    return _FACTORIES[code]()


BUILT_IN = ("sandbox", "saman", "zarinpal")


def _load() -> None:
    """Import the built-in adapters once (each registers itself)."""
    for name in BUILT_IN:
        import_module(f"nama.payments.providers.{name}")
