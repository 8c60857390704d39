"""Liveness and readiness: 200 when every part works, 503 naming the part that does not."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from nama.health.models import WorkerHeartbeat
from nama.health.services import forget_worker, record_heartbeat


def test_healthz_answers_without_touching_the_database(client: Client) -> None:
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_and_names_the_worker_when_no_worker_was_seen(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["worker"].startswith("fail: no background worker")


@pytest.mark.django_db
def test_readyz_is_200_with_a_fresh_heartbeat(client: Client) -> None:
    record_heartbeat(worker_id="w1", started_at=timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_a_stale_heartbeat_does_not_count(client: Client) -> None:
    record_heartbeat(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(seconds=61))
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_heartbeat_upserts_one_row_per_worker_and_forget_removes_it() -> None:
    started = timezone.now()
    record_heartbeat(worker_id="w1", started_at=started)
    record_heartbeat(worker_id="w1", started_at=started)
    record_heartbeat(worker_id="w2", started_at=started)
    assert WorkerHeartbeat.objects.count() == 2
    forget_worker(worker_id="w1")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


@pytest.mark.django_db
def test_database_failure_skips_the_checks_that_need_it(client: Client) -> None:
    with mock.patch("nama.health.checks.database", return_value="database unreachable: X"):
        from nama.health import checks

        with mock.patch.dict(checks.READINESS_CHECKS, {"database": checks.database}):
            response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "fail: database unreachable: X",
        "migrations": "skipped",
        "worker": "skipped",
    }


@pytest.mark.django_db
def test_pending_migrations_fail_readiness(client: Client) -> None:
    with mock.patch(
        "nama.health.checks.MigrationExecutor.migration_plan", return_value=[("m", False)]
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "fail: 1 migrations not applied"
    assert response.json()["checks"]["worker"] == "skipped"


def test_health_endpoints_answer_head_and_refuse_writes(client: Client) -> None:
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
