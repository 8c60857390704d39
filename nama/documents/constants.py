"""Enumerations of the documents app (names follow docs/glossary.md)."""

from __future__ import annotations

from django.db import models


class VirusScan(models.TextChoices):
    """What the virus scan said about an upload when it was stored."""

    CLEAN = "clean", "بررسی شد، پاک"
    NOT_SCANNED = "not_scanned", "بررسی نشد (اسکنر پیکربندی نشده)"


class DocumentEventKind(models.TextChoices):
    UPLOADED = "uploaded", "بارگذاری مدرک"
    DELETED = "deleted", "حذف مدرک"
    QUARANTINED = "quarantined", "قرنطینه فایل آلوده"
    PRUNED = "pruned", "پاک‌سازی فایل بی‌استفاده"


class Disposition(models.TextChoices):
    """How the serving view hands a file to the browser."""

    INLINE = "inline", "نمایش در مرورگر"
    ATTACHMENT = "attachment", "دریافت فایل"
