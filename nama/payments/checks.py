"""System checks: a misconfigured gateway stops ``check`` and ``migrate``, not a payer.

Each enabled gateway says what is wrong with its settings (``configuration_problem``):
payments.E001 the sandbox in production, E002 Saman, E003 ZarinPal (E005 any other);
E004 a code in ``NAMA_PAYMENT_PROVIDERS`` that no provider registered.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from nama.payments.providers import known_codes, provider

IDS = {"sandbox": "payments.E001", "saman": "payments.E002", "zarinpal": "payments.E003"}


def check_payment_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    enabled: list[str] = list(settings.NAMA_PAYMENT_PROVIDERS)
    known = known_codes()
    problems: list[CheckMessage] = []
    unknown = [code for code in enabled if code not in known]
    if unknown:
        problems.append(
            Error(
                f"NAMA_PAYMENT_PROVIDERS names unknown gateways: {', '.join(unknown)}.",
                hint=f"Choose among {', '.join(known)}.",
                id="payments.E004",
            )
        )
    for code in enabled:
        problem = provider(code).configuration_problem() if code in known else None
        if problem:
            message = f"Payment gateway {code} is enabled but {problem}."
            problems.append(Error(message, id=IDS.get(code, "payments.E005")))
    return problems
