"""The city and its municipal districts: every request and staff role belongs to a district."""

from __future__ import annotations

from django.db import models


class CityProfile(models.Model):
    """The one city this installation serves: its names, projection and map centre."""

    slug = models.SlugField("شناسه", unique=True)
    name = models.CharField("نام شهر", max_length=100)
    municipality_name = models.CharField("نام شهرداری", max_length=150)
    crs_epsg = models.PositiveIntegerField("کد EPSG سامانه مختصات تصویری")
    centre_lat = models.FloatField("عرض جغرافیایی مرکز")
    centre_lon = models.FloatField("طول جغرافیایی مرکز")
    default_zoom = models.PositiveSmallIntegerField("بزرگنمایی پیش‌فرض نقشه", default=12)

    class Meta:
        verbose_name = "مشخصات شهر"
        verbose_name_plural = "مشخصات شهر"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(centre_lat__gte=-90, centre_lat__lte=90)
                & models.Q(centre_lon__gte=-180, centre_lon__lte=180),
                name="city_centre_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A municipal district (منطقه) or a management area such as Nazhvan."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "منطقه"
        AREA = "area", "سازمان/محدوده مدیریت"

    city = models.ForeignKey(CityProfile, on_delete=models.PROTECT, related_name="districts")
    code = models.SlugField("کد", max_length=20)
    number = models.PositiveSmallIntegerField("شماره منطقه", null=True, blank=True)
    kind = models.CharField("نوع", max_length=10, choices=Kind, default=Kind.DISTRICT)
    name = models.CharField("نام", max_length=100)
    is_pilot = models.BooleanField("منطقه پایلوت", default=False)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "منطقه"
        verbose_name_plural = "مناطق"
        ordering = ["kind", "number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["city", "code"], name="district_code_unique"),
            models.UniqueConstraint(
                fields=["city", "number"],
                condition=models.Q(number__isnull=False),
                name="district_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="area") | models.Q(number__isnull=False),
                name="district_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name
