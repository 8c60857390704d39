"""When payments are looked at again (ADR 0031)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

# A payer who has not come back from the bank's page by then never will: ask the bank.
PENDING_EXPIRES: Final = timedelta(minutes=20)
# A verify claim this old belongs to a process that died: claim it again.
STALE_VERIFYING: Final = timedelta(minutes=5)
# A duplicate's reverse in flight; after this the recheck may try it again.
REFUND_LEASE: Final = timedelta(minutes=2)
# Reverse attempts for a duplicate before it is left to revenue staff.
REFUND_ATTEMPTS: Final = 8


def backoff(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed tries: 1, 2, 4, 8… minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))
