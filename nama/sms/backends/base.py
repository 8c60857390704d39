"""The contract every SMS backend meets: send one message, return the provider's id or raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from nama.sms.constants import SmsKind


@dataclass(frozen=True, slots=True, kw_only=True)
class SmsMessage:
    """One message as a backend sees it; ``text`` of an OTP already carries the code."""

    to: str
    # Kept out of repr so a logged or printed message never shows a one-time code.
    text: str = field(repr=False)
    kind: SmsKind = SmsKind.PLAIN
    template: str = ""
    token: str = field(default="", repr=False)


class SmsError(Exception):
    """Sending failed; ``str(error)`` is safe to store and show (no secrets)."""


class PermanentSmsError(SmsError):
    """Trying again will not help (bad number, key, template, no credit…)."""


class TransientSmsError(SmsError):
    """The provider or the network failed for now; a later attempt may succeed."""


class SmsBackend(Protocol):
    name: str

    def send(self, message: SmsMessage) -> str:
        """Send ``message``; return the provider's message id ("" when there is none).

        Raise ``PermanentSmsError`` or ``TransientSmsError`` when it was not sent.
        """
        ...
