"""The detailed plan and the map's layers: zones, street-widening plan versions with their street
lines, the existing streets, district boundaries, and the setbacks stored per plan version."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from nama.core.jalali import format_jalali_date
from nama.parcels.constants import LandUse, PlanStatus, StreetKind
from nama.parcels.models.base import Shaped, bbox_constraint


class Zone(models.Model):
    """A zone of the detailed plan (پهنه طرح تفصیلی) and its rules; parcels refer to one."""

    code = models.CharField("کد پهنه", max_length=20, unique=True)
    name = models.CharField("نام", max_length=200)
    land_use = models.CharField("کاربری", max_length=20, choices=LandUse)
    density_percent = models.PositiveSmallIntegerField("تراکم ساختمانی (درصد)")
    coverage_percent = models.PositiveSmallIntegerField("سطح اشغال (درصد)", null=True, blank=True)
    max_floors = models.PositiveSmallIntegerField("حداکثر طبقات")

    class Meta:
        verbose_name = "پهنه طرح تفصیلی"
        verbose_name_plural = "پهنه‌های طرح تفصیلی"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_floors__gt=0), name="zone_max_floors_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class PlanVersion(models.Model):
    """One version of the street-widening plan (طرح بر اصلاحی); one approved version is current."""

    code = models.SlugField("کد نسخه", max_length=40, unique=True)
    title = models.CharField("عنوان", max_length=200)
    status = models.CharField("وضعیت", max_length=10, choices=PlanStatus, default=PlanStatus.DRAFT)
    approved_on = models.DateField("تاریخ تصویب", null=True, blank=True)
    approval_reference = models.CharField("شماره مصوبه", max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    setbacks_computed_at = models.DateTimeField("محاسبه عقب‌نشینی‌ها", null=True, blank=True)

    class Meta:
        verbose_name = "نسخه طرح بر اصلاحی"
        verbose_name_plural = "نسخه‌های طرح بر اصلاحی"
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status=PlanStatus.APPROVED),
                name="one_approved_plan_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.APPROVED)
                | models.Q(approved_on__isnull=False),
                name="approved_plan_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def approved_on_jalali(self) -> str:
        return format_jalali_date(self.approved_on) if self.approved_on else ""


class Street(Shaped):
    """An existing street (centre line, existing width): the map's street layer."""

    name = models.CharField("نام", max_length=200)
    kind = models.CharField("نوع", max_length=10, choices=StreetKind)
    width = models.DecimalField("عرض موجود (متر)", max_digits=6, decimal_places=2)
    external_id = models.CharField("شناسه منبع", max_length=64, unique=True)

    class Meta:
        verbose_name = "خیابان"
        verbose_name_plural = "خیابان‌ها"
        constraints = [bbox_constraint("street")]
        indexes = [models.Index(fields=["min_x", "max_x"], name="street_bbox_idx")]

    def __str__(self) -> str:
        return self.name


class StreetLine(Shaped):
    """An approved street line of one plan version: its right-of-way polygon (``geometry``).

    Given either as the polygon itself or as a centre line with a planned width, in which case
    ``geometry`` is the centre line widened by half the width on each side with flat ends.
    """

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="street_lines"
    )
    external_id = models.CharField("شناسه منبع", max_length=64)
    name = models.CharField("نام معبر", max_length=200, blank=True)
    kind = models.CharField("نوع", max_length=10, choices=StreetKind, default=StreetKind.LOCAL)
    centre_line = models.BinaryField("محور (WKB)", null=True, blank=True)
    planned_width = models.DecimalField(
        "عرض مصوب (متر)", max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "بر اصلاحی"
        verbose_name_plural = "برهای اصلاحی"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "external_id"], name="street_line_external_id_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(centre_line__isnull=True) | models.Q(planned_width__gt=0),
                name="street_line_centre_has_width",
            ),
            models.CheckConstraint(
                condition=models.Q(geometry__isnull=False), name="street_line_has_right_of_way"
            ),
            bbox_constraint("street_line"),
        ]
        indexes = [
            models.Index(fields=["plan_version", "min_x", "max_x"], name="street_line_bbox_idx")
        ]

    def __str__(self) -> str:
        return self.name or self.external_id


class DistrictBoundary(Shaped):
    """The boundary of a municipal district (the map's district layer)."""

    district = models.OneToOneField(
        "districts.District", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField("منبع", max_length=30, blank=True)

    class Meta:
        verbose_name = "محدوده منطقه"
        verbose_name_plural = "محدوده مناطق"
        constraints = [bbox_constraint("district_boundary")]


class SetbackResult(models.Model):
    """The setback of one parcel under one plan version (see ``setbacks`` for definitions).

    Stored for parcels whose closed shape meets a right-of-way; a parcel without a row for a
    computed version is untouched by it.
    """

    parcel = models.ForeignKey("parcels.Parcel", on_delete=models.CASCADE, related_name="setbacks")
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="setback_results"
    )
    setback_area = models.FloatField("مساحت عقب‌نشینی (مترمربع)")
    frontage_length = models.FloatField("طول بر اصلاحی در قطعه (متر)")
    remaining_area = models.FloatField("باقی‌مانده هندسی (مترمربع)")
    setback_geometry = models.BinaryField("هندسه عقب‌نشینی (WKB)", null=True, blank=True)
    street_line_ids = models.JSONField("برهای اصلاحی", default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "عقب‌نشینی"
        verbose_name_plural = "عقب‌نشینی‌ها"
        constraints = [
            models.UniqueConstraint(
                fields=["parcel", "plan_version"], name="one_setback_per_parcel_and_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(setback_area__gte=0, frontage_length__gte=0),
                name="setback_figures_non_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["plan_version", "setback_area"], name="setback_plan_area_idx")
        ]

    def __str__(self) -> str:
        return f"{self.parcel_id} @ {self.plan_version_id}: {self.setback_area:.2f} m²"
