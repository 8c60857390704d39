"""The payment callback storm on PostgreSQL: N bills paid through the sandbox gateway, whose
callbacks — 20% duplicated, 5% tampered (amount altered) — C concurrent clients send to
``handle_callback``. Prints callbacks per second against the same mix sent by one client
(a reference set of N/4 more payments, measured in the same run), then checks that every bill
was paid exactly once, every tampered callback was refused and changed nothing, and the ledger
balances; exits 1 on any violation.

    .venv/bin/python bench/bench_payments.py [--payments 10000] [--clients 8] [--seed 7]
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--keep]

A scratch database ``nama_bench_payments`` is created on the server of the URL (never the
database the URL names), migrated, and dropped afterwards unless ``--keep``. Each client is a
thread with its own database connection taking the next callback from a shared queue; a
payment's callbacks are queued side by side, so its duplicates arrive at the same moment.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._gis import setup_django

SCRATCH_DATABASE: Final = "nama_bench_payments"
DEFAULT_URL: Final = "postgres://postgres@127.0.0.1:5432/test"
SETUP_WORKERS: Final = 8  # threads preparing bills and payments (not measured)


@contextlib.contextmanager
def _scratch_postgres(url: str, *, keep: bool) -> Iterator[str]:
    """A fresh database ``nama_bench_payments`` on the server of ``url``."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    drop = f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)'
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')
    yield urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))
    if not keep:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


def _timed[T](label: str, function: Callable[[], T], count: int = 0, unit: str = "") -> T:
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    rate = f" ({count / seconds:,.0f} {unit}/s)" if count else ""
    print(f"  {label}: {seconds:.1f} s{rate}", flush=True)
    return result


def _migrate() -> None:
    from django.core.management import call_command

    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _mix(sent: list[Any]) -> str:
    counts = {
        kind: sum(1 for item in sent if item.kind == kind)
        for kind in ("genuine", "duplicate", "tampered")
    }
    return ", ".join(f"{count:,} {kind}" for kind, count in counts.items())


def run(url: str, payments: int, clients: int, seed: int) -> int:
    os.environ["DATABASE_URL"] = url
    os.environ["NAMA_DEBUG"] = "0"  # no query log in memory
    os.environ["NAMA_PAYMENT_PROVIDERS"] = "sandbox"
    setup_django()
    from bench._payments import callbacks, issue, start_and_pay, storm, violations

    rng = random.Random(seed)
    reference = max(1, payments // 4)
    total = payments + reference
    print(f"preparing {url.rsplit('@', maxsplit=1)[-1]}")
    _timed("migrate", _migrate)
    bills = _timed(
        f"{total:,} bills issued", lambda: issue(total, rng, SETUP_WORKERS), total, "bills"
    )
    paid = _timed(
        f"{total:,} payments started (sandbox token) and paid at the sandbox bank",
        lambda: start_and_pay(bills, SETUP_WORKERS),
        total,
        "payments",
    )
    storm_sent, reference_sent = callbacks(paid[:payments], rng), callbacks(paid[payments:], rng)
    _timed("VACUUM ANALYZE", _analyze)

    print(f"reference: {len(reference_sent):,} callbacks ({_mix(reference_sent)}) from 1 client")
    one_seconds, one_outcomes = storm(reference_sent, 1)
    one_rate = len(reference_sent) / one_seconds
    print(f"  {one_seconds:.1f} s, {one_rate:,.0f} callbacks/s")
    print(f"storm: {len(storm_sent):,} callbacks ({_mix(storm_sent)}) from {clients} clients")
    seconds, outcomes = storm(storm_sent, clients)
    rate = len(storm_sent) / seconds
    print(f"  {seconds:.1f} s, {rate:,.0f} callbacks/s")
    print(f"ratio {clients} clients vs 1: {rate / one_rate:.2f}× the callbacks per second")

    problems = violations(one_outcomes + outcomes, [payment.pk for payment, _ in paid])
    for problem in problems:
        print(f"VIOLATION {problem}")
    if not problems:
        print(
            f"checks: all {total:,} bills paid exactly once, every tampered callback refused "
            "with nothing changed, every duplicate recorded as a repeat, the ledger balances"
        )
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_PAYMENTS_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the callback storm needs PostgreSQL: --database-url postgres://…")
    if args.payments < 1 or args.clients < 1:
        parser.error("--payments and --clients must be at least 1")
    with _scratch_postgres(args.database_url, keep=args.keep) as url:
        return run(url, args.payments, args.clients, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
