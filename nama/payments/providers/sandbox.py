"""The sandbox provider: the Saman adapter talking to the built-in sandbox bank in-process.

In-process (function calls, not HTTP) so that a web server with a single worker cannot wait on
itself. The payer's browser goes to the sandbox pay page (``payments:sandbox_psp:pay``), where
the tester chooses the outcome. Refused in production.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.urls import reverse

from nama.payments.providers import register
from nama.payments.providers.base import PaymentProvider, Redirect
from nama.payments.providers.http import Answer
from nama.payments.providers.saman import SamanProvider
from nama.payments.sandbox import bank, sep

TERMINAL_ID = "sandbox-terminal"
PAY_URL_NAME = "payments:sandbox_psp:pay"


class SandboxProvider(SamanProvider):
    code = "sandbox"
    title = "درگاه آزمایشی (شبیه‌ساز شاپرک)"
    gateway = "بانک آزمایشی"

    def __init__(self) -> None:
        super().__init__(terminal_id=TERMINAL_ID, base_url="", timeout=0)

    def configuration_problem(self) -> str | None:
        if not bank.available():
            return "the sandbox bank never runs in production (NAMA_ENV=production)"
        return None

    def redirect(self, token: str) -> Redirect:
        return Redirect(url=reverse(PAY_URL_NAME, args=[token]))

    def reference(self, token: str, ref_num: str) -> str:
        """The sandbox bank finds a transaction by its token as well as by its RefNum."""
        return ref_num or token

    def send(self, action: str, body: Mapping[str, object]) -> Answer:
        status, payload = sep.HANDLERS[action](body)
        text = "" if payload is None else json.dumps(payload, ensure_ascii=False)
        return Answer(status, text)


@register("sandbox")
def _sandbox() -> PaymentProvider:
    return SandboxProvider()
