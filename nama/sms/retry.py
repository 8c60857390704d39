"""When to try a failed send again: a pure schedule, so it can be tested without a clock."""

from __future__ import annotations

from datetime import datetime, timedelta

FIRST_DELAY = timedelta(seconds=30)
GROWTH = 4
MAX_DELAY = timedelta(hours=1)


def backoff_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 30 s, 2 min, 8 min, 32 min, then 1 h."""
    if attempts < 1:
        raise ValueError("attempts counts failed attempts and starts at 1")
    # The exponent is capped so a large count cannot overflow timedelta.
    factor: int = GROWTH ** min(attempts - 1, 8)
    return min(FIRST_DELAY * factor, MAX_DELAY)


def next_attempt_at(*, attempts: int, now: datetime) -> datetime:
    return now + backoff_delay(attempts)


def should_retry(*, attempts: int, max_attempts: int) -> bool:
    """Whether a transient failure after ``attempts`` attempts earns another one."""
    return attempts < max_attempts
