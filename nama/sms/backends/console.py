"""Console backend: the message goes to the log and nowhere else."""

from __future__ import annotations

import logging

from nama.sms.backends.base import SmsMessage

logger = logging.getLogger(__name__)


class ConsoleBackend:
    name = "console"

    def send(self, message: SmsMessage) -> str:
        logger.info("SMS to %s: %s", message.to, message.text)
        return ""

    @classmethod
    def from_settings(cls) -> ConsoleBackend:
        return cls()
