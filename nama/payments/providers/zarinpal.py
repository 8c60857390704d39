"""ZarinPal v4 adapter (domain reference §10, ADR 0031).

- ``{base}/pg/v4/payment/request.json`` ``{merchant_id, amount, currency, description,
  callback_url, metadata: {mobile, order_id}}`` → ``{"data": {"code": 100, "authority"}}``;
- the browser GETs ``{base}/pg/StartPay/{authority}``; ZarinPal sends it back to callback_url
  with ``?Authority=…&Status=OK|NOK`` (no amount, no order number: matched by authority);
- ``verify.json`` ``{merchant_id, amount, authority}`` → code 100 (verified) or 101 (verified
  before) with ``ref_id`` and ``card_pan``; ZarinPal checks the amount itself (-50 otherwise);
- ``reverse.json`` ``{merchant_id, authority}`` → code 100.
Errors are ``{"data": [], "errors": {"code": -51, "message": …}}``. The merchant ID is a
secret: it is never part of a raw record or a message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from nama.payments.providers import register
from nama.payments.providers.base import (
    Callback,
    PaymentProvider,
    ProviderError,
    ProviderTimeoutError,
    Redirect,
    Reversed,
    Started,
    Verified,
)
from nama.payments.providers.http import (
    as_int,
    post_json,
    read_json,
    record,
    settings_problem,
)

API = "pg/v4/payment"
GATEWAY = "زرین‌پال"
DEFAULT_DESCRIPTION = "پرداخت قبض شهرداری"
OK, ALREADY_VERIFIED = 100, 101  # 100 answers every successful call

MESSAGES = {
    -9: "اطلاعات فرستاده‌شده به زرین‌پال معتبر نیست.",
    -10: "شناسهٔ پذیرنده یا نشانی IP پذیرنده نزد زرین‌پال معتبر نیست.",
    -11: "درگاه پذیرنده در زرین‌پال فعال نیست.",
    -12: "تلاش‌ها بیش از اندازه بود؛ کمی بعد دوباره تلاش کنید.",
    -15: "درگاه پذیرنده در زرین‌پال تعلیق شده است.",
    -16: "سطح تأیید پذیرنده در زرین‌پال کافی نیست.",
    -50: "مبلغ پرداخت‌شده با مبلغ قبض برابر نیست.",
    -51: "پرداخت انجام نشده است.",
    -52: "خطای پیش‌بینی‌نشده در زرین‌پال؛ با پشتیبانی زرین‌پال تماس بگیرید.",
    -53: "این تراکنش از آنِ این پذیرنده نیست.",
    -54: "شناسهٔ تراکنش (Authority) نامعتبر است.",
    -60: "برگشت این تراکنش از سوی بانک ممکن نیست.",
    -61: "تراکنش موفق نیست و برگشت‌دادنی نیست.",
    -62: "برگشت تراکنش نیازمند محدودیت IP پذیرنده در زرین‌پال است.",
    -63: "مهلت برگشت این تراکنش گذشته است.",
}
# Verify answers about the transaction itself; other codes are about our merchant account.
TRANSACTION_CODES = frozenset({-50, -51, -53, -54})
CANCELLED = "پرداخت انجام نشد یا پرداخت‌کننده از آن انصراف داد."

_AUTHORITY = re.compile(r"[A-Za-z0-9]{1,64}", re.ASCII)
_STATUSES = frozenset({"OK", "NOK"})


class ZarinpalProvider:
    code = "zarinpal"
    title = "زرین‌پال"

    def __init__(self, *, merchant_id: str, base_url: str, timeout: float) -> None:
        self.merchant_id = merchant_id
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> ZarinpalProvider:
        return cls(
            merchant_id=settings.NAMA_ZARINPAL_MERCHANT_ID,
            base_url=settings.NAMA_ZARINPAL_BASE_URL,
            timeout=settings.NAMA_PAYMENT_TIMEOUT_SECONDS,
        )

    def configuration_problem(self) -> str | None:
        """Why this provider cannot work at all, or None (for the system check too)."""
        return settings_problem(
            credential=self.merchant_id,
            credential_name="NAMA_ZARINPAL_MERCHANT_ID",
            base_url=self.base_url,
            url_name="NAMA_ZARINPAL_BASE_URL",
        )

    def start(
        self, *, order_id: str, amount: int, callback_url: str, mobile: str, description: str
    ) -> Started:
        metadata = {"order_id": order_id, **({"mobile": mobile} if mobile else {})}
        body: dict[str, object] = {
            "amount": amount,
            "currency": "IRR",
            "description": description or DEFAULT_DESCRIPTION,
            "callback_url": callback_url,
            "metadata": metadata,
        }
        code, data, raw = self._call("request.json", body, unknown_if_garbled=False)
        if code != OK:
            raise ProviderError(_message(code), raw=raw)
        authority = data.get("authority")
        if not isinstance(authority, str) or _AUTHORITY.fullmatch(authority) is None:
            raise ProviderError("پاسخ زرین‌پال شناسهٔ تراکنش معتبری ندارد.", raw=raw)
        redirect = Redirect(url=f"{self.base_url}/pg/StartPay/{authority}")
        return Started(token=authority, redirect=redirect, raw=raw)

    def parse_callback(self, data: Mapping[str, str]) -> Callback:
        raw = json.dumps(
            {k: str(v)[:200] for k, v in data.items()}, ensure_ascii=False, sort_keys=True
        )
        authority = str(data.get("Authority") or "").strip()
        status = str(data.get("Status") or "").strip()
        if _AUTHORITY.fullmatch(authority) is None:
            raise ProviderError("پیام بازگشت از زرین‌پال «Authority» معتبری ندارد.", raw=raw)
        if status not in _STATUSES:
            raise ProviderError("پیام بازگشت از زرین‌پال «Status» معتبری ندارد.", raw=raw)
        ok = status == "OK"
        return Callback(
            token=authority,
            order_id="",
            succeeded=ok,
            amount=None,
            message="" if ok else CANCELLED,
            raw=raw,
            cancelled=not ok,
        )

    def verify(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Verified:
        body: dict[str, object] = {"amount": amount, "authority": token}
        code, data, raw = self._call("verify.json", body, unknown_if_garbled=True)
        if code in {OK, ALREADY_VERIFIED}:
            return _verified(data, amount=amount, raw=raw, already=code == ALREADY_VERIFIED)
        if code in TRANSACTION_CODES:
            return Verified(ok=False, amount=0, raw=raw, message=_message(code))
        raise ProviderError(_message(code), raw=raw)

    def reverse(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Reversed:
        code, _, raw = self._call("reverse.json", {"authority": token}, unknown_if_garbled=True)
        if code == OK:
            return Reversed(ok=True, raw=raw)
        return Reversed(ok=False, raw=raw, message=_message(code))

    def _call(
        self, action: str, shown: Mapping[str, object], *, unknown_if_garbled: bool
    ) -> tuple[int, dict[str, Any], str]:
        """POST ``shown`` plus the merchant ID; return (code, data or errors, raw record)."""
        problem = self.configuration_problem()
        if problem is not None:
            raise ProviderError(f"{self.title} پیکربندی نشده است: {problem}")
        path = f"{API}/{action}"
        body = {"merchant_id": self.merchant_id, **shown}
        try:
            answer = post_json(
                f"{self.base_url}/{path}", body, timeout=self.timeout, gateway=GATEWAY
            )
        except ProviderTimeoutError as exc:
            raise ProviderTimeoutError(str(exc), raw=record(path, shown, None)) from exc
        raw = record(path, shown, answer)
        payload = read_json(answer, raw=raw, gateway=GATEWAY, unknown_if_garbled=unknown_if_garbled)
        code, part = _code(payload)
        if code is None:
            error = ProviderTimeoutError if unknown_if_garbled else ProviderError
            raise error("پاسخ زرین‌پال کد نتیجه ندارد.", raw=raw)
        return code, part, raw


def _code(payload: Any) -> tuple[int | None, dict[str, Any]]:
    """The answer's code, from ``errors`` when there are any, else from ``data``."""
    for key in ("errors", "data"):
        part = payload.get(key)
        if isinstance(part, dict) and as_int(part.get("code")) is not None:
            return as_int(part["code"]), part
    return None, {}


def _verified(data: dict[str, Any], *, amount: int, raw: str, already: bool) -> Verified:
    ref_id = as_int(data.get("ref_id"))
    if ref_id is None:
        raise ProviderTimeoutError("پاسخ تأیید زرین‌پال شمارهٔ پیگیری ندارد.", raw=raw)
    return Verified(
        ok=True,
        # ZarinPal verifies the amount we send (code -50 when it differs).
        amount=amount,
        raw=raw,
        already=already,
        ref_num=str(ref_id),
        masked_pan=str(data.get("card_pan") or "")[:20],
    )


def _message(code: int) -> str:
    return MESSAGES.get(code, f"زرین‌پال درخواست را نپذیرفت (کد {code}).")


@register("zarinpal")
def _zarinpal() -> PaymentProvider:
    return ZarinpalProvider.from_settings()
