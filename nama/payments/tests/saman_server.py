"""A local HTTP server speaking Saman's SEP REST protocol, for the adapter's tests.

It issues tokens for its terminal, lets a test "pay" one (returning the callback fields SEP
posts back), verifies by RefNum (0, then 2 "duplicate" for a second verify, -2 unknown, 5
reversed) and reverses. Codes are written out here, independently of the adapter's tables.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from nama.payments.tests.protocol_server import ProtocolServer

TOKEN = "/onlinepg/onlinepg"
VERIFY = "/verifyTxnRandomSessionkey/ipg/VerifyTransaction"
REVERSE = "/verifyTxnRandomSessionkey/ipg/ReverseTransaction"
DESCRIPTIONS = {0: "عملیات با موفقیت انجام شد", 2: "درخواست تکراری می باشد"}


@dataclass
class Card:
    token: str
    amount: int
    res_num: str
    state: str = "paid"  # paid → verified → reversed


class SamanServer(ProtocolServer):
    def __init__(self, terminal_id: str = "21137548") -> None:
        super().__init__()
        self.terminal_id = terminal_id
        self.tokens: dict[str, tuple[int, str]] = {}  # token → (amount, ResNum)
        self.paid: dict[str, Card] = {}  # RefNum → the card payment

    def answer(self, path: str, body: Any) -> dict[str, Any]:
        if path == TOKEN:
            return self._token(body)
        if path in {VERIFY, REVERSE}:
            return self._verify_or_reverse(path, body)
        return {"status": -1, "errorCode": 5, "errorDesc": "not found"}

    def _token(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("TerminalId") != self.terminal_id:
            return {"status": -1, "errorCode": 12, "errorDesc": "ترمینال یافت نشد"}
        amount = body.get("Amount")
        complete = body.get("action") == "token" and body.get("ResNum") and body.get("RedirectUrl")
        if not complete or not isinstance(amount, int) or amount < 1000:
            return {"status": -1, "errorCode": 5, "errorDesc": "پارامترهای ورودی نامعتبر است"}
        token = secrets.token_hex(16)
        self.tokens[token] = (amount, str(body["ResNum"]))
        return {"status": 1, "token": token}

    def pay(self, token: str, *, status: int = 2) -> dict[str, str]:
        """The payer at SEP's page: the fields SEP then posts to the RedirectUrl."""
        with self.lock:
            amount, res_num = self.tokens[token]
            fields = {
                "MID": self.terminal_id,
                "TerminalId": self.terminal_id,
                "State": {1: "CanceledByUser", 2: "OK"}.get(status, "Failed"),
                "Status": str(status),
                "ResNum": res_num,
                "Token": token,
                "Amount": str(amount),
                "RefNum": "",
                "TraceNo": "",
                "Rrn": "",
                "SecurePan": "",
            }
            if status == 2:
                ref_num = secrets.token_urlsafe(30)
                self.paid[ref_num] = Card(token, amount, res_num)
                fields |= {
                    "RefNum": ref_num,
                    "TraceNo": "271828",
                    "Rrn": "31415926535",
                    "SecurePan": "621986******1231",
                }
            return fields

    def _verify_or_reverse(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if str(body.get("TerminalNumber")) != self.terminal_id:
            return _result(-105, "ترمینال ارسالی در سیستم موجود نمی باشد")
        ref_num = str(body.get("RefNum"))
        card = self.paid.get(ref_num)
        if card is None:
            return _result(-2, "تراکنش یافت نشد")
        if path == REVERSE:
            return self._reverse(ref_num, card)
        if card.state == "reversed":
            return _result(5, "تراکنش برگشت خورده می باشد")
        code = 2 if card.state == "verified" else 0
        card.state = "verified"
        return _result(code, DESCRIPTIONS[code], self._detail(ref_num, card))

    def _reverse(self, ref_num: str, card: Card) -> dict[str, Any]:
        if card.state == "reversed":
            return _result(2, DESCRIPTIONS[2])
        card.state = "reversed"
        return _result(0, DESCRIPTIONS[0], self._detail(ref_num, card))

    def _detail(self, ref_num: str, card: Card) -> dict[str, Any]:
        return {
            "RRN": "31415926535",
            "RefNum": ref_num,
            "MaskedPan": "621986******1231",
            "HashedPan": "9c1c01dc3ac1445a500251fc34a15d3e75a849df",
            "TerminalNumber": int(self.terminal_id),
            "OrginalAmount": card.amount,
            "AffectiveAmount": card.amount,
            "StraceDate": "2026-11-29 10:15:00",
            "StraceNo": "271828",
        }


def _result(code: int, description: str, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "TransactionDetail": detail,
        "ResultCode": code,
        "ResultDescription": description,
        "Success": code in {0, 2},
    }
