"""The file backend appends one UTF-8 JSON object per line, safely across processes."""

from __future__ import annotations

import json
import multiprocessing
import stat
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from nama.sms.backends import get_backend
from nama.sms.backends.base import SmsMessage, TransientSmsError
from nama.sms.backends.file import FileBackend, append_locked


def _lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_message_is_one_json_line(tmp_path: Path) -> None:
    outbox = tmp_path / "nested" / "outbox.jsonl"
    backend = FileBackend(outbox)

    backend.send(SmsMessage(to="09123456789", text="کد ورود شما: ۴۸۲۹۱۳"))
    backend.send(SmsMessage(to="09351112233", text="درخواست شما ثبت شد."))

    first, second = _lines(outbox)
    assert set(first) == {"to", "text", "sent_at"}
    assert first["to"] == "09123456789"
    assert first["text"] == "کد ورود شما: ۴۸۲۹۱۳"
    assert second["to"] == "09351112233"
    sent_at = datetime.fromisoformat(first["sent_at"])
    assert sent_at.utcoffset() == UTC.utcoffset(None)


def test_persian_text_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    FileBackend(outbox).send(SmsMessage(to="09123456789", text="اصفهان"))
    raw = outbox.read_bytes()
    assert "اصفهان".encode() in raw
    assert b"\\u" not in raw


def test_the_outbox_is_private_to_its_owner(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    FileBackend(outbox).send(SmsMessage(to="09123456789", text="x"))
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600


def test_the_file_comes_from_settings(tmp_path: Path, settings: Settings) -> None:
    settings.NAMA_SMS_FILE = tmp_path / "from-settings.jsonl"
    backend = get_backend("file")
    backend.send(SmsMessage(to="09123456789", text="x"))
    assert len(_lines(tmp_path / "from-settings.jsonl")) == 1


def test_an_unwritable_file_is_a_transient_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    with pytest.raises(TransientSmsError, match="could not write the SMS file"):
        FileBackend(blocker / "outbox.jsonl").send(SmsMessage(to="09123456789", text="x"))


def _append_many(path: str, writer: int, count: int) -> None:
    # Lines longer than PIPE_BUF (4 KiB), where unlocked appends may interleave.
    for index in range(count):
        record = {"to": f"w{writer}", "text": "ش" * 3000, "sent_at": str(index)}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        append_locked(Path(path), line.encode("utf-8"))


def test_concurrent_processes_never_interleave_lines(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    writers, per_writer = 4, 50
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=writers, mp_context=context) as pool:
        futures = [
            pool.submit(_append_many, str(outbox), writer, per_writer) for writer in range(writers)
        ]
        for future in futures:
            future.result()

    lines = _lines(outbox)  # every line parses: nothing interleaved
    assert len(lines) == writers * per_writer
    for writer in range(writers):
        assert sum(line["to"] == f"w{writer}" for line in lines) == per_writer
