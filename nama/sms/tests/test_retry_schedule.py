"""The retry schedule grows fourfold from 30 seconds and stops growing at one hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nama.sms.retry import backoff_delay, next_attempt_at, should_retry


def test_backoff_grows_then_caps() -> None:
    delays = [backoff_delay(attempt) for attempt in range(1, 8)]
    assert delays[:5] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=8),
        timedelta(minutes=32),
        timedelta(hours=1),
    ]
    assert delays[5:] == [timedelta(hours=1)] * 2
    assert backoff_delay(10_000) == timedelta(hours=1)  # no overflow


def test_backoff_needs_a_failed_attempt() -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        backoff_delay(0)


def test_next_attempt_is_now_plus_the_backoff() -> None:
    now = datetime(2026, 3, 21, 8, 0, tzinfo=UTC)
    assert next_attempt_at(attempts=2, now=now) == now + timedelta(minutes=2)


def test_retry_only_below_the_attempt_budget() -> None:
    assert should_retry(attempts=4, max_attempts=5)
    assert not should_retry(attempts=5, max_attempts=5)
