"""A backend whose outcomes a test scripts: a message id, or an error to raise."""

from __future__ import annotations

from collections import deque

from nama.sms.backends.base import SmsMessage


class ScriptedBackend:
    name = "scripted"

    def __init__(self) -> None:
        self.outcomes: deque[str | Exception] = deque()
        self.sent: list[SmsMessage] = []

    def script(self, *outcomes: str | Exception) -> None:
        self.outcomes.extend(outcomes)

    def send(self, message: SmsMessage) -> str:
        self.sent.append(message)
        outcome = self.outcomes.popleft() if self.outcomes else f"id-{len(self.sent)}"
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
