"""The sandbox bank speaking SEP's REST protocol (see ``providers/saman.py``).

Each handler takes the request's JSON object and returns (HTTP status, JSON reply or None).
The JSON views serve them over HTTP, so the Saman adapter can be pointed at the sandbox; the
sandbox provider calls them in-process. An answer the bank "loses" (the tester's timeout) is an
HTTP 504 without a body, as a proxy in front of a slow bank would answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from nama.core.jalali import tehran_time
from nama.payments.models import SandboxTransaction
from nama.payments.providers.http import as_int
from nama.payments.providers.saman import (
    RESULT_MESSAGES,
    REVERSE_PATH,
    TOKEN_PATH,
    VERIFY_PATH,
    Result,
    Status,
    state_name,
)
from nama.payments.sandbox import bank

Reply = tuple[int, dict[str, Any] | None]


def token(body: Mapping[str, Any]) -> Reply:
    """``onlinepg/onlinepg`` with ``action: token``."""
    amount = as_int(body.get("Amount"))
    if body.get("action") != "token" or amount is None:
        return 200, _token_error(Status.INVALID_PARAMETERS, "پارامترهای ورودی نامعتبر است.")
    try:
        issued = bank.issue_token(
            terminal_id=_text(body, "TerminalId"),
            amount=amount,
            res_num=_text(body, "ResNum"),
            redirect_url=_text(body, "RedirectUrl"),
        )
    except bank.BankRefusal as refusal:
        return 200, _token_error(refusal.code, refusal.message)
    return 200, {"status": 1, "token": issued}


def _token_error(code: Status, message: str) -> dict[str, Any]:
    return {"status": -1, "errorCode": int(code), "errorDesc": message}


def verify(body: Mapping[str, Any]) -> Reply:
    """``verifyTxnRandomSessionkey/ipg/VerifyTransaction``."""
    return _reply(bank.verify(reference=_text(body, "RefNum"), terminal_id=_terminal(body)))


def reverse(body: Mapping[str, Any]) -> Reply:
    """``verifyTxnRandomSessionkey/ipg/ReverseTransaction``."""
    return _reply(bank.reverse(reference=_text(body, "RefNum"), terminal_id=_terminal(body)))


HANDLERS: dict[str, Callable[[Mapping[str, Any]], Reply]] = {
    TOKEN_PATH: token,
    VERIFY_PATH: verify,
    REVERSE_PATH: reverse,
}


def _reply(answer: bank.Answer) -> Reply:
    if answer.answer_lost:
        return 504, None
    done = answer.code in {Result.OK, Result.DUPLICATE}
    detail = _detail(answer.transaction) if done and answer.transaction is not None else None
    return 200, {
        "TransactionDetail": detail,
        "ResultCode": int(answer.code),
        "ResultDescription": RESULT_MESSAGES[answer.code],
        "Success": done,
    }


def _detail(settled: SandboxTransaction) -> dict[str, Any]:
    moment = settled.verified_at or settled.paid_at
    return {
        "RRN": settled.rrn,
        "RefNum": settled.ref_num,
        "MaskedPan": settled.masked_pan,
        # The sandbox keeps no card number; SEP sends a hash of the whole card number.
        "HashedPan": hashlib.sha256(settled.masked_pan.encode()).hexdigest(),
        "TerminalNumber": settled.terminal_id,
        "OrginalAmount": settled.amount,
        "AffectiveAmount": settled.amount,
        "StraceDate": tehran_time(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "",
        "StraceNo": settled.trace_no,
    }


def callback_fields(paid: SandboxTransaction) -> dict[str, str]:
    """What the pay page posts back to the transaction's RedirectUrl."""
    status = bank.callback_status(paid)
    return {
        "MID": paid.terminal_id,
        "TerminalId": paid.terminal_id,
        "State": state_name(status),
        "Status": str(int(status)),
        "RefNum": paid.ref_num,
        "ResNum": paid.res_num,
        "Token": paid.token,
        "TraceNo": paid.trace_no,
        "Amount": str(paid.amount),
        "Rrn": paid.rrn,
        "SecurePan": paid.masked_pan,
    }


def _text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    return value if isinstance(value, str) else ""


def _terminal(body: Mapping[str, Any]) -> str:
    value = body.get("TerminalNumber")
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
