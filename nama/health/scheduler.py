"""Periodic jobs: the worker's heartbeat enqueues each configured task once per interval.

``settings.NAMA_PERIODIC_JOBS`` maps a job name to the dotted path of a ``django.tasks`` task
(taking no arguments) and its interval in seconds. Jobs must be idempotent: an interval may be
missed (no worker) but a job is never enqueued twice for one interval.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from nama.health.models import ScheduledJob

logger = logging.getLogger(__name__)


def _due(job: ScheduledJob, every: timedelta, now: datetime) -> bool:
    return job.last_enqueued_at is None or now - job.last_enqueued_at >= every


def enqueue_due_jobs(now: datetime) -> list[str]:
    """Enqueue every periodic job whose interval has passed; return their names."""
    enqueued = []
    for name, spec in settings.NAMA_PERIODIC_JOBS.items():
        every = timedelta(seconds=int(spec["every_seconds"]))
        with transaction.atomic():
            job, _ = ScheduledJob.objects.select_for_update().get_or_create(name=name)
            if not _due(job, every, now):
                continue
            job.last_enqueued_at = now
            job.save(update_fields=["last_enqueued_at"])
            task: Any = import_string(spec["task"])
            transaction.on_commit(task.enqueue)
        enqueued.append(name)
        logger.info("periodic job %s enqueued", name)
    return enqueued
