"""Field visits: an inspector's two-hour slot at a request's property."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class VisitStatus(models.TextChoices):
    BOOKED = "booked", "نوبت گرفته شده"
    DONE = "done", "انجام شد"
    CANCELLED = "cancelled", "لغو یا جابه‌جا شد"


class Visit(models.Model):
    """One booked visit. Rescheduling cancels it and books a new one pointing back to it."""

    case = models.ForeignKey(
        "cases.Case", verbose_name="درخواست", on_delete=models.CASCADE, related_name="visits"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="مامور بازدید",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    starts_at = models.DateTimeField("آغاز")
    ends_at = models.DateTimeField("پایان")
    # Which of the inspector's places in the slot (0 … capacity − 1): makes capacity a
    # database constraint rather than a count taken under a race.
    seat = models.PositiveSmallIntegerField("جایگاه", default=0)
    status = models.CharField(
        "وضعیت", max_length=10, choices=VisitStatus, default=VisitStatus.BOOKED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The visit this one replaced when it was rescheduled, and why.
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    reason = models.TextField("دلیل جابه‌جایی یا لغو", blank=True)
    created_at = models.DateTimeField("ثبت", default=timezone.now)
    cancelled_at = models.DateTimeField("لغو", null=True, blank=True)

    class Meta:
        verbose_name = "بازدید"
        verbose_name_plural = "بازدیدها"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["inspector", "starts_at"], name="visit_inspector_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "starts_at", "seat"],
                condition=models.Q(status__in=["booked", "done"]),
                name="one_visit_per_inspector_seat",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="booked"),
                name="one_booked_visit_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} @ {self.starts_at:%Y-%m-%d %H:%M}"
