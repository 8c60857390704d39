"""Saman (SEP) card gateway adapter, REST version (domain reference §10, ADR 0031).

- token: POST ``{base}/onlinepg/onlinepg`` JSON ``{"action": "token", "TerminalId", "Amount",
  "ResNum", "RedirectUrl", "CellNumber"}`` → ``{"status": 1, "token"}`` or
  ``{"status": -1, "errorCode", "errorDesc"}``;
- the browser POSTs ``Token`` to ``{base}/OnlinePG/OnlinePG``; SEP POSTs back to RedirectUrl
  ``MID, TerminalId, State, Status, RefNum, ResNum, TraceNo, Amount, Rrn, SecurePan, Token``
  (Status 2 = OK);
- verify / reverse: POST ``{base}/verifyTxnRandomSessionkey/ipg/VerifyTransaction`` (or
  ``ReverseTransaction``) JSON ``{"RefNum", "TerminalNumber"}`` → ``{"TransactionDetail": {…},
  "ResultCode", "ResultDescription", "Success"}``; ResultCode 0 = done, 2 = done before.

SEP verifies by RefNum, which only the callback brings: ``verify`` and ``reverse`` take it as
``ref_num``. The sandbox provider is this adapter with an in-process transport.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import IntEnum
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
    Answer,
    as_int,
    post_json,
    read_json,
    record,
    settings_problem,
)

TOKEN_PATH = "onlinepg/onlinepg"  # noqa: S105 - a URL path, not a secret
PAY_PATH = "OnlinePG/OnlinePG"
VERIFY_PATH = "verifyTxnRandomSessionkey/ipg/VerifyTransaction"
REVERSE_PATH = "verifyTxnRandomSessionkey/ipg/ReverseTransaction"


class Status(IntEnum):
    """The callback's ``Status`` (its ``State`` is the name) and the token's ``errorCode``."""

    CANCELED_BY_USER = 1
    OK = 2
    FAILED = 3
    SESSION_IS_NULL = 4
    INVALID_PARAMETERS = 5
    MERCHANT_IP_ADDRESS_IS_INVALID = 8
    TOKEN_NOT_FOUND = 10
    TOKEN_REQUIRED = 11
    TERMINAL_NOT_FOUND = 12


def state_name(status: Status) -> str:
    """SEP's ``State`` text for a status: ``CanceledByUser``, ``OK``, ``Failed``…"""
    return "OK" if status is Status.OK else status.name.title().replace("_", "")


STATUS_MESSAGES = {
    Status.CANCELED_BY_USER: "پرداخت‌کننده از پرداخت انصراف داد.",
    Status.FAILED: "پرداخت انجام نشد؛ برای نمونه موجودی کارت کافی نبود یا رمز نادرست بود.",
    Status.SESSION_IS_NULL: "پرداخت‌کننده در زمان مقرر پرداخت را انجام نداد.",
    Status.INVALID_PARAMETERS: "اطلاعات فرستاده‌شده به درگاه نامعتبر است.",
    Status.MERCHANT_IP_ADDRESS_IS_INVALID: "نشانی سرور پذیرنده نزد بانک ثبت نشده است.",
    Status.TOKEN_NOT_FOUND: "توکن پرداخت نزد بانک پیدا نشد.",
    Status.TOKEN_REQUIRED: "این پایانه فقط پرداخت با توکن را می‌پذیرد.",
    Status.TERMINAL_NOT_FOUND: "شمارهٔ پایانهٔ پذیرنده نزد بانک پیدا نشد.",
}
NOT_PAID = "پرداخت انجام نشد."


class Result(IntEnum):
    """``ResultCode`` of VerifyTransaction and ReverseTransaction."""

    OK = 0
    DUPLICATE = 2
    REVERSED = 5
    NOT_FOUND = -2
    TOO_LATE = -6
    TERMINAL_DISABLED = -104
    TERMINAL_UNKNOWN = -105
    IP_NOT_ALLOWED = -106


RESULT_MESSAGES = {
    Result.OK: "عملیات با موفقیت انجام شد.",
    Result.DUPLICATE: "درخواست تکراری است؛ این عملیات پیش‌تر انجام شده بود.",
    Result.REVERSED: "این تراکنش برگشت خورده است.",
    Result.NOT_FOUND: "تراکنش نزد بانک پیدا نشد.",
    Result.TOO_LATE: "بیش از نیم ساعت از پرداخت گذشته و بانک آن را برگشت داده است.",
    Result.TERMINAL_DISABLED: "پایانهٔ پذیرنده نزد بانک غیرفعال است.",
    Result.TERMINAL_UNKNOWN: "پایانهٔ پذیرنده نزد بانک پیدا نشد.",
    Result.IP_NOT_ALLOWED: "نشانی IP پذیرنده نزد بانک مجاز نیست.",
}
# The bank's last word on the transaction itself; other codes are about our terminal.
TRANSACTION_RESULTS = frozenset({Result.REVERSED, Result.NOT_FOUND, Result.TOO_LATE})

_TOKEN = re.compile(r"[A-Za-z0-9_\-]{1,100}", re.ASCII)
_PRINTABLE_50 = re.compile(r"[\x21-\x7e]{1,50}", re.ASCII)
_REF_NUM = re.compile(r"[A-Za-z0-9+/=_\-]{1,100}", re.ASCII)
_NUMBER = re.compile(r"[0-9]{1,20}", re.ASCII)
_PAN = re.compile(r"[0-9*\-]{4,20}", re.ASCII)


class SamanProvider:
    code = "saman"
    title = "بانک سامان (سپ)"
    gateway = "درگاه سامان"

    def __init__(self, *, terminal_id: str, base_url: str, timeout: float) -> None:
        self.terminal_id = terminal_id
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> SamanProvider:
        return cls(
            terminal_id=settings.NAMA_SAMAN_TERMINAL_ID,
            base_url=settings.NAMA_SAMAN_BASE_URL,
            timeout=settings.NAMA_PAYMENT_TIMEOUT_SECONDS,
        )

    def configuration_problem(self) -> str | None:
        """Why this provider cannot work at all, or None (for the system check too)."""
        return settings_problem(
            credential=self.terminal_id,
            credential_name="NAMA_SAMAN_TERMINAL_ID",
            base_url=self.base_url,
            url_name="NAMA_SAMAN_BASE_URL",
        )

    def start(
        self, *, order_id: str, amount: int, callback_url: str, mobile: str, description: str
    ) -> Started:
        body: dict[str, object] = {
            "action": "token",
            "TerminalId": self.terminal_id,
            "Amount": amount,
            "ResNum": order_id,
            "RedirectUrl": callback_url,
        }
        if mobile:
            body["CellNumber"] = mobile
        payload, raw = self._call(TOKEN_PATH, body, unknown_if_garbled=False)
        token = _token(payload, raw)
        return Started(token=token, redirect=self.redirect(token), raw=raw)

    def redirect(self, token: str) -> Redirect:
        """SEP's payment page: the browser POSTs the token (GetMethod empty: callback POST)."""
        url = f"{self.base_url}/{PAY_PATH}"
        return Redirect(url=url, method="POST", fields={"Token": token, "GetMethod": ""})

    def parse_callback(self, data: Mapping[str, str]) -> Callback:
        self._ensure_configured()
        return read_callback(data, terminal_id=self.terminal_id)

    def verify(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Verified:
        body = self._reference(token, ref_num)
        payload, raw = self._call(VERIFY_PATH, body, unknown_if_garbled=True)
        return read_verify(payload, raw=raw)

    def reverse(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Reversed:
        body = self._reference(token, ref_num)
        payload, raw = self._call(REVERSE_PATH, body, unknown_if_garbled=True)
        return read_reverse(payload, raw=raw)

    def reference(self, token: str, ref_num: str) -> str:
        """What SEP verifies by: the callback's RefNum (a token is not accepted)."""
        if not ref_num:
            raise ProviderError("برای تأیید یا برگشت تراکنش سامان رسید دیجیتال (RefNum) لازم است.")
        return ref_num

    def send(self, action: str, body: Mapping[str, object]) -> Answer:
        url = f"{self.base_url}/{action}"
        return post_json(url, body, timeout=self.timeout, gateway=self.gateway)

    def _reference(self, token: str, ref_num: str) -> dict[str, object]:
        terminal: object = int(self.terminal_id) if self.terminal_id.isdigit() else self.terminal_id
        return {"RefNum": self.reference(token, ref_num), "TerminalNumber": terminal}

    def _ensure_configured(self) -> None:
        problem = self.configuration_problem()
        if problem is not None:
            raise ProviderError(f"{self.title} پیکربندی نشده است: {problem}")

    def _call(
        self, action: str, body: Mapping[str, object], *, unknown_if_garbled: bool
    ) -> tuple[Any, str]:
        self._ensure_configured()
        try:
            answer = self.send(action, body)
        except ProviderTimeoutError as exc:
            raise ProviderTimeoutError(str(exc), raw=record(action, body, None)) from exc
        raw = record(action, body, answer)
        payload = read_json(
            answer, raw=raw, gateway=self.gateway, unknown_if_garbled=unknown_if_garbled
        )
        return payload, raw


def _token(payload: Any, raw: str) -> str:
    if as_int(payload.get("status")) == 1:
        token = payload.get("token")
        if isinstance(token, str) and _TOKEN.fullmatch(token):
            return token
        raise ProviderError("پاسخ درگاه سامان توکن معتبری ندارد.", raw=raw)
    code = as_int(payload.get("errorCode"))
    message = _status_message(code) if code is not None else "درگاه سامان توکن پرداخت نداد."
    reason = str(payload.get("errorDesc") or "")[:200]
    raise ProviderError(f"{message} ({reason}؛ کد {code})" if reason else message, raw=raw)


def _status_message(code: int) -> str:
    try:
        return STATUS_MESSAGES.get(Status(code), NOT_PAID)
    except ValueError:
        return NOT_PAID


def read_callback(data: Mapping[str, str], *, terminal_id: str) -> Callback:
    """The Saman-style fields the payer's browser brought back; ProviderError if malformed."""
    raw = json.dumps({k: str(v)[:200] for k, v in data.items()}, ensure_ascii=False, sort_keys=True)
    status = int(_field(data, "Status", _NUMBER, raw, required=True))
    ok = status == Status.OK
    terminal = _field(data, "TerminalId", _PRINTABLE_50, raw) or _field(
        data, "MID", _PRINTABLE_50, raw
    )
    if terminal and terminal != terminal_id:
        raise ProviderError("پیام بازگشت از درگاه برای پایانهٔ دیگری است.", raw=raw)
    amount = _field(data, "Amount", _NUMBER, raw, required=ok)
    return Callback(
        token=_field(data, "Token", _TOKEN, raw, required=True),
        order_id=_field(data, "ResNum", _PRINTABLE_50, raw, required=True),
        succeeded=ok,
        amount=int(amount) if amount else None,
        message="" if ok else _status_message(status),
        raw=raw,
        cancelled=status == Status.CANCELED_BY_USER,
        ref_num=_field(data, "RefNum", _REF_NUM, raw, required=ok),
        trace_no=_field(data, "TraceNo", _NUMBER, raw),
        rrn=_field(data, "Rrn", _NUMBER, raw) or _field(data, "RRN", _NUMBER, raw),
        masked_pan=_field(data, "SecurePan", _PAN, raw),
    )


def _field(
    data: Mapping[str, str],
    name: str,
    pattern: re.Pattern[str],
    raw: str,
    *,
    required: bool = False,
) -> str:
    value = str(data.get(name) or "").strip()
    if not value:
        if required:
            raise ProviderError(f"پیام بازگشت از درگاه «{name}» ندارد.", raw=raw)
        return ""
    if pattern.fullmatch(value) is None:
        raise ProviderError(f"«{name}» در پیام بازگشت از درگاه نامعتبر است.", raw=raw)
    return value


def read_verify(payload: Any, *, raw: str) -> Verified:
    """VerifyTransaction's answer. A code about the transaction is a refusal (``ok`` False);
    a code about our terminal is a ``ProviderError``; no code at all is an unknown outcome."""
    code = _result(payload, raw)
    if code in {Result.OK, Result.DUPLICATE}:
        return _verified(payload, raw=raw, already=code == Result.DUPLICATE)
    if code in TRANSACTION_RESULTS:
        return Verified(ok=False, amount=0, raw=raw, message=RESULT_MESSAGES[Result(code)])
    raise ProviderError(_result_message(code), raw=raw)


def _verified(payload: Any, *, raw: str, already: bool) -> Verified:
    detail = payload.get("TransactionDetail")
    if not isinstance(detail, dict) or as_int(detail.get("OrginalAmount")) is None:
        raise ProviderTimeoutError("پاسخ تأیید درگاه سامان مبلغ تراکنش را ندارد.", raw=raw)
    return Verified(
        ok=True,
        amount=as_int(detail["OrginalAmount"]) or 0,
        raw=raw,
        already=already,
        ref_num=str(detail.get("RefNum") or "")[:100],
        trace_no=str(detail.get("StraceNo") or "")[:40],
        rrn=str(detail.get("RRN") or "")[:40],
        masked_pan=str(detail.get("MaskedPan") or "")[:20],
    )


def read_reverse(payload: Any, *, raw: str) -> Reversed:
    """ReverseTransaction's answer; reversing twice is done (SEP answers "duplicate")."""
    code = _result(payload, raw)
    if code == Result.OK:
        return Reversed(ok=True, raw=raw)
    if code == Result.DUPLICATE:
        return Reversed(ok=True, raw=raw, message="این تراکنش پیش‌تر برگشت خورده بود.")
    return Reversed(ok=False, raw=raw, message=_result_message(code))


def _result(payload: Any, raw: str) -> int:
    code = as_int(payload.get("ResultCode"))
    if code is None:
        raise ProviderTimeoutError("پاسخ درگاه سامان کد نتیجه ندارد.", raw=raw)
    return code


def _result_message(code: int) -> str:
    try:
        return RESULT_MESSAGES[Result(code)]
    except (ValueError, KeyError):
        return f"درگاه سامان درخواست را نپذیرفت (کد {code})."


@register("saman")
def _saman() -> PaymentProvider:
    return SamanProvider.from_settings()
