"""The tariff book of a Jalali year, as the revenue administrators edit it (ADR 0030)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.billing.constants import TariffStatus


class TariffBook(models.Model):
    """One year's rates, coefficients, discounts and surcharges: a YAML body validated against
    ``billing.tariffs.schema`` whenever it is saved. Calculations use the approved book."""

    year = models.PositiveSmallIntegerField("سال (شمسی)", unique=True)
    title = models.CharField("عنوان", max_length=200)
    status = models.CharField(
        "وضعیت", max_length=10, choices=TariffStatus, default=TariffStatus.DRAFT
    )
    # Demo and test books carry made-up numbers and say so on every page that shows them.
    illustrative = models.BooleanField("ارقام نمونه (غیرواقعی)", default=True)
    body = models.TextField("متن دفترچه (YAML)")
    approval_reference = models.CharField("شماره مصوبه شورا", max_length=100, blank=True)
    approved_at = models.DateTimeField("تصویب", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("آخرین ویرایش", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "دفترچه تعرفه"
        verbose_name_plural = "دفترچه‌های تعرفه"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title
