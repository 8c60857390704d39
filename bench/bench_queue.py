"""The staff work queue with a million requests across 15 districts: the first page (25 rows)
of a district desk clerk's queue and the search by tracking code, p50/p95, against a bare
query of the same rows (a SELECT by primary key) measured in the same run.

    .venv/bin/python bench/bench_queue.py [--requests 1000000] [--seed 7] [--repeat 300]
        [--database-url postgres://postgres@127.0.0.1:5432/test] [--keep]

SQLite by default: a new file in a temporary folder. With ``--database-url`` (or the
``DATABASE_URL`` environment variable) naming a PostgreSQL server, a scratch database
``nama_bench_queue`` is created on that server (never the database the URL names) and
dropped afterwards. The database is migrated, then the rows are generated (``bench/_queue.py``)
and the planner's statistics refreshed. Each round takes the next district's desk clerk and
times, interleaved: the bare page, the queue page as ``work_queue()`` builds it (slice + count),
the page as the API and the pages fetch it (``queue_page()``), the bare row, the search.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._gis import setup_django

SCRATCH_DATABASE: Final = "nama_bench_queue"
WARM_UP: Final = 30
PAGE: Final = 25
TARGET_P95_MS: Final = 30.0


@dataclass
class Timings:
    name: str
    seconds: list[float] = field(default_factory=list)

    def ms(self, q: int) -> float:
        """The q-th percentile in milliseconds."""
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[q - 1] * 1000

    def line(self, queries: int) -> str:
        p50, p95 = self.ms(50), self.ms(95)
        return f"{self.name} [{queries} queries]: p50 {p50:.2f} ms, p95 {p95:.2f} ms"


def _ratio(ours: Timings, bare: Timings) -> str:
    return (
        f"ratio vs {bare.name}: p50 {ours.ms(50) / bare.ms(50):.1f}×, "
        f"p95 {ours.ms(95) / bare.ms(95):.1f}×"
    )


@contextlib.contextmanager
def _scratch_postgres(url: str) -> Iterator[str]:
    """A fresh database ``nama_bench_queue`` on the server of ``url`` (dropped afterwards
    unless kept)."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    drop = f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)'
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')
    yield urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))
    if not os.environ.get("BENCH_QUEUE_KEEP"):
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


def _timed(label: str, function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return seconds, result


def _prepare(requests: int, seed: int) -> tuple[Any, list[Any]]:
    """Migrate, generate, analyse; return the world and the plan of every request."""
    from django.core.management import call_command
    from django.utils import timezone

    from bench._queue import analyze, build_world, generate

    def migrate() -> None:
        from nama.catalog.files import sync_catalog

        with contextlib.redirect_stdout(io.StringIO()):
            call_command("migrate", verbosity=0)
            sync_catalog(actor=None)

    _timed("migrate and catalogue", migrate)
    world = build_world(timezone.now(), seed)
    seconds, items = _timed(f"{requests:,} requests", lambda: generate(world, requests, seed))
    print(f"  ({requests / seconds:,.0f} requests/s with their workflow instances and parcels)")
    _timed("ANALYZE", analyze)
    return world, items


@dataclass(frozen=True)
class Round:
    clerk: Any
    page_ids: list[int]
    code: str
    case_id: int
    page_sql: list[str]  # the statements queue_page() sent, as sent
    search_sql: list[str]


def _rounds(world: Any, items: list[Any], seed: int) -> list[Round]:
    from nama.accounts.models import User
    from nama.accounts.tests.factories import verified
    from nama.cases.models import Case
    from nama.staff.selectors import queue_page, search

    rng = random.Random(seed)
    by_district: dict[int, list[Any]] = {}
    for item in items:
        by_district.setdefault(item.district_id, []).append(item)
    rounds = []
    for district_id, clerk_id in zip((pk for pk, _ in world.districts), world.clerks, strict=True):
        clerk = User.objects.get(pk=clerk_id)
        verified(clerk)  # as after the second factor
        page_sql, page = _statements(partial(queue_page, clerk, limit=PAGE))
        chosen = rng.choice(by_district[district_id])
        code = Case.objects.values_list("tracking_code", flat=True).get(pk=chosen.pk)
        search_sql, _ = _statements(partial(_listed, search, clerk, code))
        ids = [case.pk for case in page.items]
        rounds.append(Round(clerk, ids, code, chosen.pk, page_sql, search_sql))
    return rounds


def _listed(function: Callable[..., Any], *args: Any) -> list[Any]:
    return list(function(*args))


def _same(found: list[int], expected: list[int]) -> None:
    if found != expected:
        raise SystemExit(f"wrong rows: {found} instead of {expected}")


def _statements(function: Callable[[], Any]) -> tuple[list[str], Any]:
    """The SQL ``function`` sends (with its parameters in place), and what it returns."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = function()
    return [str(query["sql"]) for query in captured.captured_queries], result


def _queries(function: Callable[[], Any]) -> int:
    return len(_statements(function)[0])


def _replay(statements: list[str]) -> None:
    """Send the statements and fetch every row: the queries' own time, without the ORM."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def _page_sql(r: Round) -> None:
    _replay(r.page_sql)


def _search_sql(r: Round) -> None:
    _replay(r.search_sql)


def _measure(rounds: list[Round], repeat: int) -> None:
    from django.db import connection

    from nama.staff.selectors import queue_page, search, work_queue

    def bare_page(r: Round) -> None:
        marks = ", ".join(["%s"] * len(r.page_ids))
        with connection.cursor() as cursor:
            sql = f'SELECT * FROM "cases_case" WHERE "id" IN ({marks})'  # noqa: S608 - marks only
            cursor.execute(sql, r.page_ids)
            cursor.fetchall()

    def page(r: Round) -> None:
        _same([case.pk for case in queue_page(r.clerk, limit=PAGE).items], r.page_ids)

    def sliced(r: Round) -> None:
        cases = work_queue(r.clerk)
        _same([case.pk for case in cases[:PAGE]], r.page_ids)
        cases.count()

    def bare_row(r: Round) -> None:
        with connection.cursor() as cursor:
            cursor.execute('SELECT * FROM "cases_case" WHERE "id" = %s', [r.case_id])
            cursor.fetchall()

    def find(r: Round) -> None:
        _same([case.pk for case in search(r.clerk, r.code)[:PAGE]], [r.case_id])

    runs: list[tuple[Timings, Callable[[Round], None]]] = [
        (Timings("bare SELECT of the page's 25 rows by id"), bare_page),
        (Timings("queue page's queries (queue_page()'s SQL, rows fetched)"), _page_sql),
        (Timings("queue page with the ORM: queue_page() as the API and pages call it"), page),
        (Timings("for comparison, slicing the queryset: work_queue()[:25] + count()"), sliced),
        (Timings("bare SELECT of the row by id"), bare_row),
        (Timings("search's queries (search()'s SQL, rows fetched)"), _search_sql),
        (Timings("search by tracking code with the ORM: search()[:25]"), find),
    ]
    counts = [_queries(lambda run=run: run(rounds[0])) for _, run in runs]  # type: ignore[misc]
    for index in range(WARM_UP + repeat):
        r = rounds[index % len(rounds)]
        for timings, run in runs:
            started = time.perf_counter()
            run(r)
            if index >= WARM_UP:
                timings.seconds.append(time.perf_counter() - started)
    every = [t for t, _ in runs]
    bare, page_sql, page_orm, sliced_orm, row, search_sql, search_orm = every
    n = dict(zip([t.name for t in every], counts, strict=True))
    met = "met" if page_sql.ms(95) < TARGET_P95_MS else "NOT met"
    print(bare.line(n[bare.name]))
    print(
        f"{page_sql.line(n[page_sql.name])}; {_ratio(page_sql, bare)} "
        f"(target p95 < {TARGET_P95_MS:.0f} ms: {met})"
    )
    for ours in (page_orm, sliced_orm):
        print(f"{ours.line(n[ours.name])}; {_ratio(ours, bare)}")
    print(row.line(n[row.name]))
    for ours in (search_sql, search_orm):
        print(f"{ours.line(n[ours.name])}; {_ratio(ours, row)}")


def _explain(rounds: list[Round]) -> None:
    """How the database reads cases_case for the page (its ids, then its rows) and the search."""
    from django.db import connection

    from nama.staff.selectors import listed, queue_rows, search

    ids = queue_rows(rounds[0].clerk).values_list("pk", flat=True)[:PAGE]
    found = search(rounds[0].clerk, rounds[0].code)[:PAGE]
    queries = (("page ids", ids), ("page rows", listed(rounds[0].page_ids)), ("search", found))
    prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for label, query in queries:
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix} {sql}", params)
            lines = [str(row[-1]).strip(" ->") for row in cursor.fetchall()]
        reads = [line for line in lines if " cases_case" in line or "ORDER BY" in line]
        print(f"plan of the {label}: " + " | ".join(reads))


def _describe(world: Any, items: list[Any], rounds: list[Round]) -> None:
    from django.db import connection

    from nama.staff.selectors import work_queue

    open_count = sum(1 for item in items if item.open)
    sizes = [work_queue(r.clerk).count() for r in rounds]
    version = (
        connection.cursor().connection.info.server_version
        if connection.vendor == ("postgresql")
        else __import__("sqlite3").sqlite_version
    )
    print(
        f"{connection.vendor} {version}: {len(items):,} requests ({open_count:,} open) in "
        f"{len(world.districts)} districts; desk clerks' queues {min(sizes):,}–{max(sizes):,} rows"
    )


def run(url: str, requests: int, seed: int, repeat: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["NAMA_DEBUG"] = "0"  # no query log in memory
    setup_django()
    print(f"preparing {url.rsplit('@', maxsplit=1)[-1]}")
    world, items = _prepare(requests, seed)
    rounds = _rounds(world, items, seed)
    _describe(world, items, rounds)
    _explain(rounds)
    _measure(rounds, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()
    if args.keep:
        os.environ["BENCH_QUEUE_KEEP"] = "1"
    if args.database_url.startswith(("postgres://", "postgresql://")):
        with _scratch_postgres(args.database_url) as url:
            run(url, args.requests, args.seed, args.repeat)
        return 0
    folder = tempfile.mkdtemp(prefix="nama-bench-queue-") if args.keep else None
    with tempfile.TemporaryDirectory(prefix="nama-bench-queue-") as scratch:
        path = Path(folder or scratch) / "bench.sqlite3"
        run(f"sqlite:///{path}", args.requests, args.seed, args.repeat)
        if folder:
            print(f"kept {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
