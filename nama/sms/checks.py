"""System checks: a misconfigured SMS backend stops ``check`` and ``migrate``, not a citizen."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.checks import Warning as CheckWarning

from nama.sms.backends import BACKENDS
from nama.sms.backends.kavenegar import KavenegarBackend


def check_sms_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.NAMA_SMS_BACKEND
    if backend not in BACKENDS:
        return [
            Error(
                f"NAMA_SMS_BACKEND is {backend!r}; choose one of {', '.join(sorted(BACKENDS))}.",
                id="sms.E001",
            )
        ]
    if backend == KavenegarBackend.name:
        return _kavenegar_problems()
    return []


def _kavenegar_problems() -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    problem = KavenegarBackend.from_settings().configuration_problem()
    if problem is not None:
        problems.append(Error(f"{problem} (NAMA_SMS_BACKEND is kavenegar).", id="sms.E002"))
    if not settings.KAVENEGAR_OTP_TEMPLATE:
        problems.append(
            CheckWarning(
                "KAVENEGAR_OTP_TEMPLATE is empty: one-time codes will fail to send.",
                id="sms.W001",
            )
        )
    return problems
