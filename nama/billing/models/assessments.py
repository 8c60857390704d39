"""Fee assessments: computed line items the payer sees, accepts or disputes (ADR 0030)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.billing.constants import AssessmentStatus, Purpose


class Assessment(models.Model):
    """One computation of what is owed: for a request's fees, or a property's, shop unit's or
    vehicle's yearly duty. A recomputation supersedes it; it is never edited after acceptance.
    """

    purpose = models.CharField("بابت", max_length=20, choices=Purpose)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "parcels.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "billing.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    tariff_year = models.PositiveSmallIntegerField("سال تعرفه")
    illustrative = models.BooleanField("بر پایه ارقام نمونه", default=True)
    status = models.CharField(
        "وضعیت", max_length=12, choices=AssessmentStatus, default=AssessmentStatus.PROPOSED
    )
    total = models.BigIntegerField("جمع (ریال)", default=0)
    # The facts the calculation used (areas, floors, years…), kept to explain it later.
    inputs = models.JSONField("داده‌های محاسبه", default=dict, blank=True)
    computed_at = models.DateTimeField("محاسبه", default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField("پذیرش", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispute_reason = models.TextField("دلیل اعتراض", blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        verbose_name = "محاسبه عوارض"
        verbose_name_plural = "محاسبه‌های عوارض"
        ordering = ["-computed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["proposed", "accepted", "disputed"]),
                name="one_live_assessment_per_case",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="assessment_total_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"


class AssessmentLine(models.Model):
    """One line item with its beneficiary account and a Persian explanation of the formula."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("ردیف")
    rule = models.CharField("قاعده", max_length=40)
    label = models.CharField("شرح", max_length=200)
    account = models.ForeignKey(
        "billing.BeneficiaryAccount", on_delete=models.PROTECT, related_name="+"
    )
    # Negative for a discount; the bill of an account is the sum of its lines.
    amount = models.BigIntegerField("مبلغ (ریال)")
    computed_amount = models.BigIntegerField("مبلغ محاسبه‌شده (ریال)")
    explanation = models.TextField("توضیح محاسبه", blank=True)
    # Which duty year a line belongs to (renewal arrears), when it does.
    jalali_year = models.PositiveSmallIntegerField("سال", null=True, blank=True)

    class Meta:
        verbose_name = "ردیف محاسبه"
        verbose_name_plural = "ردیف‌های محاسبه"
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "position"], name="one_line_per_position")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def adjusted(self) -> bool:
        return self.amount != self.computed_amount


class LineAdjustment(models.Model):
    """A staff change to a line's amount: who, when, from what, to what and why (audit)."""

    line = models.ForeignKey(AssessmentLine, on_delete=models.CASCADE, related_name="adjustments")
    old_amount = models.BigIntegerField("مبلغ پیشین")
    new_amount = models.BigIntegerField("مبلغ تازه")
    reason = models.TextField("دلیل")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "اصلاح ردیف عوارض"
        verbose_name_plural = "اصلاحات ردیف‌های عوارض"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.line}: {self.old_amount} → {self.new_amount}"
