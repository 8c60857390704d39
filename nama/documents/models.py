"""Stored bytes (once per content), their uses (uploads), quarantined files and the audit trail.

Writes go through ``services``; reads across a trust boundary through ``selectors``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone

from nama.catalog.constants import FileFormat
from nama.documents.constants import DocumentEventKind, VirusScan


class StoredFile(models.Model):
    """The checked bytes of a document, stored once per content under their SHA-256.

    Images are stored re-encoded (metadata stripped), so ``sha256`` is the hash of what is
    stored, not of what was sent. Never served directly: only through an ``Upload``.
    """

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("اندازه (بایت)")
    format = models.CharField("قالب", max_length=10, choices=FileFormat)
    content_type = models.CharField("نوع محتوا", max_length=100)
    storage_name = models.CharField("نام در انبار فایل", max_length=200, unique=True)
    created_at = models.DateTimeField("زمان ذخیره", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "فایل ذخیره‌شده"
        verbose_name_plural = "فایل‌های ذخیره‌شده"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("sha256"), 64), name="stored_sha256_len"),
            models.CheckConstraint(
                condition=models.Q(format__in=FileFormat.values), name="stored_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.get_format_display()})"


class Upload(models.Model):
    """One use of a stored file: who uploaded it, as which document, under which name.

    ``public_id`` is the identifier shown outside (never the sequential ``pk``). Deleting an
    upload leaves its ``StoredFile``; unreferenced files are pruned by a periodic job.
    """

    public_id = models.UUIDField("شناسه", default=uuid.uuid4, unique=True, editable=False)
    stored_file = models.ForeignKey(
        StoredFile, verbose_name="فایل", on_delete=models.PROTECT, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="بارگذاری‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_type = models.CharField("نوع مدرک", max_length=50)
    original_name = models.CharField("نام فایل", max_length=255)
    virus_scan = models.CharField("بررسی ویروس", max_length=12, choices=VirusScan)
    created_at = models.DateTimeField("زمان بارگذاری", default=timezone.now)

    class Meta:
        verbose_name = "مدرک بارگذاری‌شده"
        verbose_name_plural = "مدارک بارگذاری‌شده"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["uploaded_by", "created_at"], name="upload_by_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(virus_scan__in=VirusScan.values), name="upload_scan_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def format(self) -> str:
        return self.stored_file.format


class Quarantine(models.Model):
    """A file the virus scanner flagged: kept apart (``quarantine/``), never served."""

    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("اندازه (بایت)")
    signature = models.CharField("نام ویروس (امضای اسکنر)", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="بارگذاری‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_type = models.CharField("نوع مدرک", max_length=50)
    original_name = models.CharField("نام فایل", max_length=255)
    storage_name = models.CharField("نام در قرنطینه", max_length=200)
    created_at = models.DateTimeField("زمان", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "فایل قرنطینه‌شده"
        verbose_name_plural = "فایل‌های قرنطینه‌شده"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} — {self.signature}"


class DocumentEvent(models.Model):
    """An append-only record of a change made by a service; ``actor`` None is a job/command."""

    kind = models.CharField("نوع", max_length=20, choices=DocumentEventKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    upload = models.ForeignKey(
        Upload,
        verbose_name="مدرک",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    data = models.JSONField("جزئیات", default=dict, blank=True)
    created_at = models.DateTimeField("زمان", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "رویداد مدارک"
        verbose_name_plural = "رویدادهای مدارک"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
