from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process."""

    worker_id = models.CharField("شناسه کارگزار", max_length=64, unique=True)
    hostname = models.CharField("میزبان", max_length=255)
    pid = models.PositiveIntegerField("شناسه فرایند")
    started_at = models.DateTimeField("زمان شروع")
    last_seen = models.DateTimeField("آخرین نشانه", db_index=True)

    class Meta:
        verbose_name = "کارگزار پس‌زمینه"
        verbose_name_plural = "کارگزارهای پس‌زمینه"

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class ScheduledJob(models.Model):
    """When a periodic job (settings.NAMA_PERIODIC_JOBS) was last enqueued, by any worker.

    The row is locked while a worker decides, so with many workers a job is enqueued once per
    interval.
    """

    name = models.CharField("نام کار", max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField("آخرین صف‌گذاری", null=True, blank=True)

    class Meta:
        verbose_name = "کار دوره‌ای"
        verbose_name_plural = "کارهای دوره‌ای"

    def __str__(self) -> str:
        return self.name
