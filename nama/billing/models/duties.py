"""Yearly duties per subject and year: which years are owed and which bill settled them."""

from __future__ import annotations

from django.db import models

from nama.billing.constants import Purpose


class DutyYear(models.Model):
    """A (duty, subject, Jalali year): settled when the bill that covered it was paid, or
    when it was recorded as paid before the platform (opening balance)."""

    purpose = models.CharField("عوارض", max_length=20, choices=Purpose)
    # "parcel:12", "unit:5" or "vehicle:3": one key makes (duty, subject, year) unique.
    subject_key = models.CharField("موضوع", max_length=40)
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "parcels.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "billing.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jalali_year = models.PositiveSmallIntegerField("سال")
    amount = models.BigIntegerField("مبلغ پرداخت‌شده (ریال)", default=0)
    bill = models.ForeignKey(
        "billing.Bill", on_delete=models.PROTECT, null=True, blank=True, related_name="duty_years"
    )
    settled_at = models.DateTimeField("تسویه", null=True, blank=True)
    opening_balance = models.BooleanField("تسویه پیش از سامانه", default=False)

    class Meta:
        verbose_name = "سال عوارض"
        verbose_name_plural = "سال‌های عوارض"
        ordering = ["subject_key", "jalali_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "subject_key", "jalali_year"], name="one_duty_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.jalali_year}"


class SettlementLetter(models.Model):
    """مفاصاحساب: the property owed nothing when it was issued; valid until ``valid_until``."""

    number = models.CharField("شماره", max_length=30, unique=True)
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.PROTECT, related_name="settlement_letters"
    )
    issued_to = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="settlement_letters"
    )
    through_year = models.PositiveSmallIntegerField("تسویه تا پایان سال")
    issued_at = models.DateTimeField("صدور")
    valid_until = models.DateField("اعتبار تا")

    class Meta:
        verbose_name = "مفاصاحساب"
        verbose_name_plural = "مفاصاحساب‌ها"
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number
