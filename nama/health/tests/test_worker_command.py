"""`nama worker` runs queued tasks from the database and keeps a heartbeat while it lives."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.tasks import task
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from nama.health.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def add(a: int, b: int) -> int:
    return a + b


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)  # Django resets the task backends on this change
def test_worker_runs_queued_tasks_and_cleans_up_its_heartbeat() -> None:
    result = add.enqueue(2, 3)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")

    finished = DBTaskResult.objects.get(id=result.id)
    assert finished.status == "SUCCESSFUL"
    assert finished.return_value == 5
    # The heartbeat row lives only while the worker runs.
    assert not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
