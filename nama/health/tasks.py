"""Housekeeping tasks run periodically by the worker (see settings.NAMA_PERIODIC_JOBS)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from nama.health.models import WorkerHeartbeat


@task()
def prune_worker_heartbeats() -> int:
    """Forget workers silent for a day (killed without a chance to say goodbye)."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


@task()
def clear_expired_sessions() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@task()
def prune_task_results() -> None:
    """Drop finished task results older than two weeks (failed ones kept for four)."""
    call_command(
        "prune_db_task_results",
        "--queue-name",
        "*",
        "--min-age-days",
        "14",
        "--failed-min-age-days",
        "28",
        verbosity=0,
    )
