"""Inspection reports of field visits, their photos, the figures each source states about a
property (observations), and the differences between them beyond a tolerance (discrepancies).

Writes go through ``services``; reads across a trust boundary through ``selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.inspections.constants import MEASURES, Source


class InspectionReport(models.Model):
    """The inspector's report of one visit: saved as it is typed, submitted once.

    ``values`` holds the measured figures (ASCII digits; drafts as typed, cleaned on submit),
    ``checklist`` the service's checklist answers ``{key: {"ok": bool | None, "note": str}}``.
    ``revision`` grows with every saved draft: a save naming an older revision is refused, so
    two devices never overwrite each other silently.
    """

    visit = models.OneToOneField(
        "visits.Visit", verbose_name="بازدید", on_delete=models.PROTECT, related_name="report"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="درخواست",
        on_delete=models.CASCADE,
        related_name="inspection_reports",
    )
    values = models.JSONField("مقادیر اندازه‌گیری‌شده", default=dict, blank=True)
    checklist = models.JSONField("فهرست بازبینی", default=dict, blank=True)
    notes = models.TextField("یادداشت", blank=True)
    revision = models.PositiveIntegerField("نسخه", default=0)
    saved_at = models.DateTimeField("آخرین ذخیره", default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ذخیره‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("ثبت نهایی", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The client's one-time key of the submission: the same key again changes nothing.
    submission_key = models.CharField("کلید ثبت", max_length=100, blank=True)

    class Meta:
        verbose_name = "گزارش بازدید"
        verbose_name_plural = "گزارش‌های بازدید"
        ordering = ["-saved_at", "-pk"]
        indexes = [models.Index(fields=["case", "submitted_at"], name="report_case_idx")]

    def __str__(self) -> str:
        return f"گزارش {self.case}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class InspectionPhoto(models.Model):
    """A photo taken on the spot, with the phone's time and position and how far that
    position is from the parcel (flagged beyond ``NAMA_PHOTO_MAX_DISTANCE_M``)."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="photos")
    upload = models.ForeignKey("documents.Upload", on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField("زمان عکس (ساعت گوشی)")
    lat = models.FloatField("عرض جغرافیایی", null=True, blank=True)
    lon = models.FloatField("طول جغرافیایی", null=True, blank=True)
    accuracy = models.FloatField("دقت موقعیت (متر)", null=True, blank=True)
    # None: no position, or a parcel without a shape.
    distance_m = models.FloatField("فاصله از ملک (متر)", null=True, blank=True)
    far = models.BooleanField("دور از ملک", default=False)
    # The client's key for this photo: a retried upload is stored once.
    client_key = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("دریافت", default=timezone.now)

    class Meta:
        verbose_name = "عکس بازدید"
        verbose_name_plural = "عکس‌های بازدید"
        ordering = ["taken_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_photo_per_client_key",
            ),
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="photo_position_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"عکس {self.report.case} ({self.taken_at:%Y-%m-%d %H:%M})"


MEASURE_CHOICES = [(key, measure.label) for key, measure in MEASURES.items()]


class Observation(models.Model):
    """One figure about a request's property as one source states it.

    Desk officers' figures (``report`` None) are kept as entered; the other sources' figures
    are recorded when a report is submitted, as they stood then (``report`` set).
    ``basis`` tells two figures of one source apart (the registry's area by deed and by map).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="observations")
    report = models.ForeignKey(
        InspectionReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
    )
    source = models.CharField("منبع", max_length=10, choices=Source)
    key = models.CharField("مورد", max_length=30, choices=MEASURE_CHOICES)
    basis = models.CharField("مأخذ", max_length=60, blank=True)
    value = models.JSONField("مقدار")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="اعلام‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        verbose_name = "رقم اعلام‌شده"
        verbose_name_plural = "ارقام اعلام‌شده"
        ordering = ["key", "source", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "source", "key", "basis"],
                condition=models.Q(report__isnull=True),
                name="one_live_observation",
            ),
            models.UniqueConstraint(
                fields=["report", "source", "key", "basis"],
                condition=models.Q(report__isnull=False),
                name="one_observation_per_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.key} ({self.source})"


class Discrepancy(models.Model):
    """A figure a source reported that the inspector's observation contradicts beyond the
    figure's tolerance; ``reported_by`` is who stated it (a staff member or the applicant)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="discrepancies")
    report = models.ForeignKey(
        InspectionReport, on_delete=models.CASCADE, related_name="discrepancies"
    )
    key = models.CharField("مورد", max_length=30, choices=MEASURE_CHOICES)
    source = models.CharField("منبع", max_length=10, choices=Source)
    basis = models.CharField("مأخذ", max_length=60, blank=True)
    reported_value = models.JSONField("رقم اعلام‌شده")
    observed_value = models.JSONField("رقم مشاهده‌شده")
    tolerance = models.CharField("رواداری", max_length=30)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="اعلام‌کننده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="مامور بازدید",
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name="منطقه", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        verbose_name = "مغایرت"
        verbose_name_plural = "مغایرت‌ها"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "created_at"], name="discrepancy_district_idx"),
            models.Index(fields=["reported_by", "created_at"], name="discrepancy_reporter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.key} ({self.source})"
