"""Serialise writers that check-then-insert on the same key, on every supported database."""

from __future__ import annotations

import hashlib

from django.db import connection


def lock_for_transaction(key: str) -> None:
    """Hold a lock named ``key`` until the current transaction ends.

    PostgreSQL: a transaction-level advisory lock. SQLite: nothing to do — transactions begin
    IMMEDIATE (settings), so the first write lock already serialises every writer.
    Must be called inside ``transaction.atomic()``.
    """
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(
        hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
