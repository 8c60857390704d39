"""What yearly duties are charged on besides properties: vehicles and businesses (shop units)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.billing.constants import VehicleClass


class Vehicle(models.Model):
    """A citizen's vehicle as they declared it; its plate is unique among active vehicles."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vehicles"
    )
    # Normalised plate text, e.g. "12ب345-13" (two digits, letter, three digits, Iran code).
    plate = models.CharField("پلاک", max_length=20)
    vehicle_class = models.CharField("رده", max_length=12, choices=VehicleClass)
    model_year = models.PositiveSmallIntegerField("سال ساخت (شمسی)")
    title = models.CharField("نام خودرو", max_length=100, blank=True)
    active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "خودرو"
        verbose_name_plural = "خودروها"
        ordering = ["plate"]
        constraints = [
            models.UniqueConstraint(
                fields=["plate"],
                condition=models.Q(active=True),
                name="one_active_vehicle_per_plate",
            )
        ]

    def __str__(self) -> str:
        return self.plate


class Business(models.Model):
    """The trade carried on in a shop unit: its guild class prices the business duty."""

    unit = models.OneToOneField(
        "parcels.Unit", verbose_name="واحد تجاری", on_delete=models.PROTECT, related_name="business"
    )
    guild = models.CharField("رسته صنفی (کد تعرفه)", max_length=40)
    title = models.CharField("نام کسب", max_length=200)
    licence_number = models.CharField("شماره پروانه کسب", max_length=40, blank=True)
    operator_national_id = models.CharField("کد ملی بهره‌بردار", max_length=10, blank=True)
    active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "کسب و پیشه"
        verbose_name_plural = "کسب‌ها"

    def __str__(self) -> str:
        return self.title
