"""Periodic jobs: enqueued once per interval whoever asks, and the housekeeping they do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from nama.health.models import ScheduledJob, WorkerHeartbeat
from nama.health.scheduler import enqueue_due_jobs
from nama.health.services import record_heartbeat
from nama.health.tasks import clear_expired_sessions, prune_worker_heartbeats

pytestmark = pytest.mark.django_db
ONE_JOB = {"beats": {"task": "nama.health.tasks.prune_worker_heartbeats", "every_seconds": 60}}


@override_settings(NAMA_PERIODIC_JOBS=ONE_JOB)
def test_a_job_is_enqueued_once_per_interval(
    django_capture_on_commit_callbacks: object,
) -> None:
    now = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:  # type: ignore[operator]
        assert enqueue_due_jobs(now) == ["beats"]
        assert enqueue_due_jobs(now + timedelta(seconds=59)) == []  # a second worker, too soon
        assert enqueue_due_jobs(now + timedelta(seconds=60)) == ["beats"]
    assert len(callbacks) == 2
    assert ScheduledJob.objects.get().last_enqueued_at == now + timedelta(seconds=60)


def test_every_configured_job_names_a_real_task() -> None:
    with override_settings():
        names = enqueue_due_jobs(timezone.now())
    assert set(names) == {
        "sms_requeue",
        "prune_heartbeats",
        "clear_sessions",
        "prune_task_results",
        "load_holidays",
        "prune_documents",
        "prune_stale_drafts",
        "deadlines",
        "payments_recheck",
        "sandbox_auto_reverse",
    }


def test_heartbeats_of_workers_silent_for_a_day_are_pruned() -> None:
    record_heartbeat(worker_id="alive", started_at=timezone.now())
    record_heartbeat(worker_id="dead", started_at=timezone.now())
    WorkerHeartbeat.objects.filter(worker_id="dead").update(
        last_seen=timezone.now() - timedelta(days=2)
    )
    prune_worker_heartbeats.call()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_expired_sessions_are_cleared() -> None:
    from django.contrib.sessions.models import Session

    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    clear_expired_sessions.call()
    assert not Session.objects.exists()
