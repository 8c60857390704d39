"""The registry's audit trail: one row per change made by a service, one per import run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.parcels.constants import ImportKind, RegistryEventKind


class RegistryEvent(models.Model):
    """An append-only record of a change to the registry; ``actor`` None is a command/shell."""

    kind = models.CharField("نوع", max_length=30, choices=RegistryEventKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "رویداد ثبت املاک"
        verbose_name_plural = "رویدادهای ثبت املاک"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportRun(models.Model):
    """One run of ``nama parcels import``: its counts and the rejected rows with reasons."""

    kind = models.CharField("نوع", max_length=10, choices=ImportKind)
    file_name = models.CharField("فایل", max_length=300)
    file_sha256 = models.CharField(max_length=64)
    source_crs = models.CharField("سامانه مختصات", max_length=60)
    plan_version = models.ForeignKey(
        "parcels.PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_repaired = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rejected = models.JSONField("ردیف‌های ردشده", default=list, blank=True)

    class Meta:
        verbose_name = "ورود داده"
        verbose_name_plural = "ورود داده‌ها"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"
