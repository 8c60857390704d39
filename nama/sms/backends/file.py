"""File backend: one JSON object per line, so a person trying the demo can read the codes.

Each line is ``{"to", "text", "sent_at"}`` (UTF-8, ISO 8601 UTC time). The file is opened with
O_APPEND and written under an exclusive ``flock`` so lines from concurrent processes (web and
worker) never interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from nama.sms.backends.base import SmsMessage, TransientSmsError


class FileBackend:
    name = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def from_settings(cls) -> FileBackend:
        return cls(Path(settings.NAMA_SMS_FILE))

    def send(self, message: SmsMessage) -> str:
        line = json_line(message)
        try:
            append_locked(self.path, line)
        except OSError as exc:
            raise TransientSmsError(f"could not write the SMS file: {exc.strerror}") from exc
        return ""


def json_line(message: SmsMessage) -> bytes:
    record = {
        "to": message.to,
        "text": message.text,
        "sent_at": timezone.now().astimezone(UTC).isoformat(),
    }
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def append_locked(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` as one unit, whoever else is appending."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # 0o600: the outbox holds one-time codes.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)  # also releases the lock
