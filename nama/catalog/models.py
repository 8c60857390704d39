"""The catalogue's data: services, their immutable versions, and where each is offered.

``Service`` is the stable identity (code, order, active flag, the current version); its title,
slug, category, kind and search text are copies of the current version's, kept in step by
``services.publish_service`` so lists and searches need no JSON. ``ServiceVersion`` is never
changed once written: a request records the version it started with, and a change is version
n+1. ``ServiceAvailability`` says in which districts a service is offered (see
``services.apply_rollout`` for how the definition's rollout and administrators share it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.catalog.constants import AvailabilitySource, Category, ServiceKind, VersionSource


class Service(models.Model):
    code = models.CharField("کد", max_length=10, unique=True)
    slug = models.SlugField("نام لاتین", max_length=50, unique=True)
    title = models.CharField("عنوان", max_length=200)
    category = models.CharField("گروه", max_length=20, choices=Category)
    kind = models.CharField("نوع", max_length=20, choices=ServiceKind)
    sort_order = models.PositiveIntegerField("ترتیب", default=0)
    # search_key() of the title, description, code, slug and category (nama.core.text).
    search_text = models.TextField("متن جست‌وجو", blank=True, editable=False)
    current_version = models.ForeignKey(
        "ServiceVersion",
        verbose_name="نسخه جاری",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(
        "فعال", default=True, help_text="خدمت غیرفعال در فهرست عمومی دیده نمی‌شود."
    )
    created_at = models.DateTimeField("ایجاد", default=timezone.now)

    class Meta:
        verbose_name = "خدمت"
        verbose_name_plural = "خدمات"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ServiceVersion(models.Model):
    """One version of a service's definition, bound to the workflow version in force when
    it was published. Append-only."""

    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField("نسخه")
    body = models.JSONField("تعریف")
    checksum = models.CharField("چکیده", max_length=64)
    workflow = models.ForeignKey(
        "workflow.WorkflowDefinition",
        verbose_name="نسخه گردش کار",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField("منبع", max_length=10, choices=VersionSource)
    note = models.CharField("توضیح", max_length=300, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ایجادکننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "نسخه خدمت"
        verbose_name_plural = "نسخه‌های خدمات"
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="service_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}#{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A published service version is never changed; publish a new one.")
        super().save(*args, **kwargs)


class ServiceAvailability(models.Model):
    """The service is offered in the district (from ``enabled_from``, if set)."""

    service = models.ForeignKey(
        Service, verbose_name="خدمت", on_delete=models.CASCADE, related_name="availability"
    )
    district = models.ForeignKey(
        "districts.District", verbose_name="منطقه", on_delete=models.PROTECT, related_name="+"
    )
    is_enabled = models.BooleanField(
        "ارائه می‌شود",
        default=True,
        help_text="برای توقف خدمت در این منطقه تیک را بردارید (ردیف را پاک نکنید).",
    )
    enabled_from = models.DateField("از تاریخ", null=True, blank=True)
    source = models.CharField(
        "منبع", max_length=10, choices=AvailabilitySource, default=AvailabilitySource.ADMIN
    )
    changed_at = models.DateTimeField("آخرین تغییر", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="تغییردهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "منطقه ارائه خدمت"
        verbose_name_plural = "مناطق ارائه خدمت"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "district"], name="service_availability_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}@{self.district_id}"
