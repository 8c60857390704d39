"""``nama worker``: the django-tasks-db worker plus a heartbeat that /readyz reads and that
enqueues the periodic jobs."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from nama.health.scheduler import enqueue_due_jobs
from nama.health.services import forget_worker, record_heartbeat

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="nama-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                record_heartbeat(worker_id=self.worker_id, started_at=self.started_at)
                enqueue_due_jobs(timezone.now())
            except Exception:
                logger.exception("worker heartbeat failed; retrying")
            finally:
                close_old_connections()
            self.stopped.wait(settings.NAMA_WORKER_HEARTBEAT_SECONDS)
        connection.close()


class Command(DbWorkerCommand):
    help = "Run the background task worker (all queues by default) with a heartbeat."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            forget_worker(worker_id=heartbeat.worker_id)
