"""A test outbox for other apps' tests: messages go to a JSON-lines file they can read.

Registered as a pytest plugin in the root conftest.py: use the ``sms_outbox`` fixture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])", re.ASCII)


@dataclass
class Outbox:
    path: Path
    # Tests run inside a transaction that never commits, so on-commit sends never fire by
    # themselves: the outbox runs the callbacks registered since the test began (in order,
    # once each) before reading, as a commit would.
    _first_callback: int = 0

    def flush(self) -> None:
        pending = connection.run_on_commit
        while self._first_callback < len(pending):
            callback = pending[self._first_callback][1]
            self._first_callback += 1
            callback()

    @property
    def messages(self) -> list[dict[str, Any]]:
        self.flush()
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def to(self, mobile: str) -> list[dict[str, Any]]:
        return [message for message in self.messages if message["to"] == mobile]

    def last_code(self, mobile: str) -> str:
        """The 6-digit code in the newest message to ``mobile`` that holds one."""
        for message in reversed(self.to(mobile)):
            found = _CODE.search(message["text"])
            if found:
                return found.group(1)
        raise AssertionError(f"no code was sent to {mobile}")


@pytest.fixture
def sms_outbox(tmp_path: Path) -> Iterator[Outbox]:
    """Send SMS through the file backend into a fresh file; read it back in the test."""
    path = tmp_path / "sms-outbox.jsonl"
    with override_settings(NAMA_SMS_BACKEND="file", NAMA_SMS_FILE=str(path)):
        yield Outbox(path, _first_callback=len(connection.run_on_commit))
