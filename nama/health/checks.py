"""Readiness checks: each returns None when fine, or a short English reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nama.health.models import WorkerHeartbeat


def database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"database unreachable: {type(exc).__name__}"
    return None


def migrations() -> str | None:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migrations not applied"
    return None


def worker() -> str | None:
    since = timezone.now() - timedelta(seconds=settings.NAMA_WORKER_STALE_SECONDS)
    if not WorkerHeartbeat.objects.filter(last_seen__gte=since).exists():
        return f"no background worker seen in the last {settings.NAMA_WORKER_STALE_SECONDS} s"
    return None


# Order matters: later checks need the database and its tables.
READINESS_CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database,
    "migrations": migrations,
    "worker": worker,
}


def run_readiness_checks() -> tuple[bool, dict[str, str]]:
    """Run every check in order; once the database or its schema fails, skip the rest.

    Returns (ready, {check name: "ok" | "fail: reason" | "skipped"}).
    """
    results: dict[str, str] = {}
    blocked = False
    for name, check in READINESS_CHECKS.items():
        if blocked:
            results[name] = "skipped"
            continue
        reason = check()
        results[name] = "ok" if reason is None else f"fail: {reason}"
        blocked = reason is not None and name in {"database", "migrations"}
    return all(value == "ok" for value in results.values()), results
