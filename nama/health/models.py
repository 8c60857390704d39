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
