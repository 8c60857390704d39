"""A local HTTP server speaking ZarinPal's v4 REST protocol, for the adapter's tests.

It checks the merchant ID, issues authorities, lets a test "pay" one (returning the callback
query ZarinPal appends to callback_url), verifies (100, then 101; -51 unpaid; -50 another
amount; -54 unknown authority) and reverses (100; -61 when not verified). Codes are written out
here, independently of the adapter's tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from nama.payments.tests.protocol_server import ProtocolServer

API = "/pg/v4/payment/"
MERCHANT_ID = "1344b5d4-0048-11e8-94db-005056a205be"


@dataclass
class Session:
    amount: int
    paid: bool = False
    verified: bool = False
    reversed: bool = False


class ZarinpalServer(ProtocolServer):
    def __init__(self, merchant_id: str = MERCHANT_ID) -> None:
        super().__init__()
        self.merchant_id = merchant_id
        self.sessions: dict[str, Session] = {}
        self.numbers = itertools.count(201)

    def answer(self, path: str, body: Any) -> dict[str, Any]:
        if body.get("merchant_id") != self.merchant_id:
            return error(-10, "Terminal is not valid, please check merchant_id or ip address.")
        action = path.removeprefix(API)
        if action == "request.json":
            return self._request(body)
        session = self.sessions.get(str(body.get("authority")))
        if session is None:
            return error(-54, "Invalid authority.")
        if action == "verify.json":
            return self._verify(session, body)
        if action == "reverse.json" and session.verified and not session.reversed:
            session.reversed = True
            return ok({"code": 100, "message": "Reversed"})
        return error(-61, "Session is not in success status.")

    def _request(self, body: dict[str, Any]) -> dict[str, Any]:
        amount = body.get("amount")
        if not isinstance(amount, int) or amount < 1000 or not body.get("callback_url"):
            return error(-9, "The input params invalid, validation error.")
        authority = f"A{next(self.numbers):035d}"
        self.sessions[authority] = Session(amount)
        return ok(
            {
                "code": 100,
                "message": "Success",
                "authority": authority,
                "fee_type": "Merchant",
                "fee": 0,
            }
        )

    def _verify(self, session: Session, body: dict[str, Any]) -> dict[str, Any]:
        if not session.paid:
            return error(-51, "Session is not valid, session is not active paid try.")
        if body.get("amount") != session.amount:
            return error(-50, "Session is not valid, amounts values is not the same.")
        code = 101 if session.verified else 100
        session.verified = True
        return ok(
            {
                "code": code,
                "message": "Verified" if code == 100 else "Verified before",
                "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69",
                "card_pan": "502229******5995",
                "ref_id": 201,
                "fee_type": "Merchant",
                "fee": 0,
            }
        )

    def pay(self, authority: str, *, ok: bool = True) -> dict[str, str]:
        """The payer at ZarinPal's page: the query ZarinPal appends to callback_url."""
        with self.lock:
            self.sessions[authority].paid = ok
        return {"Authority": authority, "Status": "OK" if ok else "NOK"}


def ok(data: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "errors": []}


def error(code: int, message: str) -> dict[str, Any]:
    return {"data": [], "errors": {"code": code, "message": message, "validations": []}}
