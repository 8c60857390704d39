"""Writes of the health app: worker heartbeats."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from django.utils import timezone

from nama.health.models import WorkerHeartbeat


def record_heartbeat(*, worker_id: str, started_at: datetime) -> None:
    """Say that the worker ``worker_id`` is alive now (one row per worker, upserted)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now()},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )


def forget_worker(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
