"""A scripted payment provider (code "fake") and issued bills, for the payment processing tests.

``FakeGateway`` meets the provider contract with answers the test chooses: by default a token
per order, a POST redirect to an outside gateway, a verify that confirms the amount started and
a reverse that succeeds. Queue other answers (or exceptions to raise) in ``verify_answers`` /
``reverse_answers``. It records every call, so a test can prove the bank was asked once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from nama.accounts.models import User
from nama.billing.models import Bill
from nama.billing.services.bills import issue_bills
from nama.billing.tests.builders import an_assessment
from nama.payments.models import Payment
from nama.payments.providers import register
from nama.payments.providers.base import (
    Callback,
    PaymentProvider,
    ProviderError,
    Redirect,
    Reversed,
    Started,
    Verified,
)
from nama.payments.services import handle_callback

GATEWAY_URL = "https://pay.fake-bank.test/start"


class FakeGateway:
    code = "fake"
    title = "بانک آزمایشی تست"

    def __init__(self) -> None:
        self.redirect_method = "POST"
        self.start_error: ProviderError | None = None
        self.verify_answers: list[Verified | Exception] = []
        self.reverse_answers: list[Reversed | Exception] = []
        self.calls: list[tuple[str, str]] = []
        self.amounts: dict[str, int] = {}
        self._lock = threading.Lock()

    def configuration_problem(self) -> str | None:
        return None

    def start(
        self, *, order_id: str, amount: int, callback_url: str, mobile: str, description: str
    ) -> Started:
        self._called("start", order_id)
        if self.start_error is not None:
            raise self.start_error
        token = f"tok-{order_id}"
        self.amounts[token] = amount
        if self.redirect_method == "GET":
            redirect = Redirect(url=f"/payments/sandbox/fake/{token}/")
        else:
            redirect = Redirect(url=GATEWAY_URL, method="POST", fields={"Token": token})
        return Started(token=token, redirect=redirect, raw=json.dumps({"token": token}))

    def parse_callback(self, data: Mapping[str, str]) -> Callback:
        raw = json.dumps(dict(data), sort_keys=True)
        if "token" not in data or data.get("status") not in {"OK", "NOK"}:
            raise ProviderError("پیام بازگشت ناقص است.", raw=raw)
        ok = data["status"] == "OK"
        amount = data.get("amount", "")
        return Callback(
            token=data["token"],
            order_id=data.get("order", ""),
            succeeded=ok,
            amount=int(amount) if amount else None,
            message="" if ok else "پرداخت‌کننده انصراف داد.",
            raw=raw,
            ref_num=data.get("ref", ""),
            trace_no="123456" if ok else "",
        )

    def verify(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Verified:
        answer = self._next("verify", token, self.verify_answers)
        if answer is not None:
            return answer
        ref = ref_num or f"ref-{token}"
        raw = json.dumps({"verified": token, "merchant_id": "secret-merchant-value"})
        amount = self.amounts.get(token, amount)
        return Verified(ok=True, amount=amount, raw=raw, ref_num=ref, rrn="778899001122")

    def reverse(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Reversed:
        answer = self._next("reverse", token, self.reverse_answers)
        if answer is not None:
            return answer
        return Reversed(ok=True, raw=json.dumps({"reversed": token}))

    def count(self, name: str) -> int:
        return sum(1 for called, _ in self.calls if called == name)

    def _called(self, name: str, key: str) -> None:
        with self._lock:
            self.calls.append((name, key))

    def _next[T](self, name: str, token: str, queue: list[T | Exception]) -> T | None:
        with self._lock:
            self.calls.append((name, token))
            answer = queue.pop(0) if queue else None
        if isinstance(answer, Exception):
            raise answer
        return answer


class _Current:
    gateway = FakeGateway()


@register("fake")
def _fake() -> PaymentProvider:
    return _Current.gateway


def use_fake_gateway(settings: Any) -> FakeGateway:
    """A fresh fake gateway, enabled first (the default) in ``settings`` (pytest-django's)."""
    settings.NAMA_PAYMENT_PROVIDERS = ["fake", "sandbox"]
    _Current.gateway = FakeGateway()
    return _Current.gateway


def issued_bill(payer: User, amount: int = 12_500_000) -> Bill:
    """An issued bill of ``amount`` rials (a multiple of 1,000) owed by ``payer``."""
    assessment = an_assessment(payer, lines=(("municipality", amount),))
    return issue_bills(assessment=assessment, actor=None)[0]


def callback(
    payment: Payment, *, ok: bool = True, amount: int | None = None, **extra: str
) -> Payment | None:
    """The payer's browser back from the fake gateway for ``payment``."""
    data = {"token": payment.token, "order": payment.order_id, "status": "OK" if ok else "NOK"}
    if amount is not None:
        data["amount"] = str(amount)
    if ok:
        data.setdefault("ref", f"ref-{payment.token}")
    data.update(extra)
    return handle_callback(provider_code="fake", data=data, remote_addr="203.0.113.7")
