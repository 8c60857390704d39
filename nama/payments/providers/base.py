"""The contract every payment provider meets (ADR 0031).

A provider speaks one gateway's protocol and nothing else: it never touches bills, payments or
the database. ``payments.services`` drives it and keeps money safe (exactly-once, refunds).
Every method returns the raw message it exchanged so it can be recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol


class ProviderError(Exception):
    """The provider refused or answered something we cannot use; ``str()`` is safe to show
    staff (no secrets). ``raw`` is the provider's message, when there was one."""

    def __init__(self, message: str, *, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw


class ProviderTimeoutError(ProviderError):
    """No answer in time (or the connection failed): the outcome is unknown; ask again."""


@dataclass(frozen=True, slots=True)
class Redirect:
    """Where the payer's browser goes next: a GET link, or a form auto-posted to ``url``."""

    url: str
    method: Literal["GET", "POST"] = "GET"
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Started:
    token: str
    redirect: Redirect
    raw: str


@dataclass(frozen=True, slots=True)
class Callback:
    """What the payer's browser brought back. ``succeeded`` is only the PSP's claim: nothing
    is paid until ``verify`` says so. ``amount`` is None when the protocol does not send it."""

    token: str
    order_id: str
    succeeded: bool
    amount: int | None
    message: str  # Persian, for the payer, when it failed
    raw: str
    ref_num: str = ""
    trace_no: str = ""
    rrn: str = ""
    masked_pan: str = ""
    cancelled: bool = False  # the payer gave up (not a decline)


@dataclass(frozen=True, slots=True)
class Verified:
    """The bank's server-to-server answer. ``ok`` means the money is ours for ``amount``;
    ``already`` that it had been verified before (verify is idempotent at the bank)."""

    ok: bool
    amount: int
    raw: str
    message: str = ""
    already: bool = False
    ref_num: str = ""
    trace_no: str = ""
    rrn: str = ""
    masked_pan: str = ""


@dataclass(frozen=True, slots=True)
class Reversed:
    ok: bool
    raw: str
    message: str = ""


class PaymentProvider(Protocol):
    code: str
    title: str  # Persian, shown to the payer

    def start(
        self, *, order_id: str, amount: int, callback_url: str, mobile: str, description: str
    ) -> Started:
        """Ask for a token; raise ``ProviderError`` (or its ``ProviderTimeoutError``) if none."""
        ...

    def parse_callback(self, data: Mapping[str, str]) -> Callback:
        """Read the callback's fields (POST form or GET query); raise ``ProviderError`` when
        they are malformed."""
        ...

    def verify(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Verified:
        """Confirm the transaction server to server and settle it; idempotent at the bank.
        ``ref_num`` is the callback's bank reference (Saman verifies by RefNum)."""
        ...

    def reverse(self, *, token: str, order_id: str, amount: int, ref_num: str = "") -> Reversed:
        """Give the money back (a duplicate payment, or our side failed after verify)."""
        ...

    def configuration_problem(self) -> str | None:
        """What is wrong with this provider's settings (for the system checks), or None."""
        ...
