"""The working calendar's data: the week's rule (with history) and the days offices are closed.

Both are edited by administrators; ``nama.workflow.calendar`` reads them to compute deadlines.
"""

from __future__ import annotations

from datetime import time

from django.db import models

DEFAULT_OPENS_AT = time(7, 30)
DEFAULT_CLOSES_AT = time(14, 0)
DEFAULT_HALF_DAY_CLOSES_AT = time(12, 0)


class ThursdayRule(models.TextChoices):
    WORKING = "working", "روز کاری کامل"
    HALF = "half", "نیمه‌وقت (نیم روز کاری)"
    CLOSED = "closed", "تعطیل"


class WorkingWeek(models.Model):
    """The rule of the week from ``effective_from`` until the next rule's date.

    Saturday–Wednesday are full working days and Friday is off; Thursday and the office hours
    vary by decree. A change is a new row effective from its date, so deadlines computed
    under an older rule stay explainable.
    """

    effective_from = models.DateField("از تاریخ", unique=True)
    thursday = models.CharField(
        "پنج‌شنبه", max_length=10, choices=ThursdayRule, default=ThursdayRule.CLOSED
    )
    opens_at = models.TimeField("آغاز ساعت اداری", default=DEFAULT_OPENS_AT)
    closes_at = models.TimeField("پایان ساعت اداری", default=DEFAULT_CLOSES_AT)
    half_day_closes_at = models.TimeField(
        "پایان ساعت اداری در نیم‌روز",
        default=DEFAULT_HALF_DAY_CLOSES_AT,
        help_text="پنج‌شنبه‌های نیمه‌وقت و روزهای نیمه‌تعطیل در این ساعت پایان می‌یابند.",
    )
    decree = models.CharField(
        "مصوبه یا مرجع", max_length=300, blank=True, help_text="شماره و تاریخ مصوبه یا توضیح."
    )
    created_at = models.DateTimeField("ثبت", auto_now_add=True)

    class Meta:
        verbose_name = "قاعده هفته کاری"
        verbose_name_plural = "قاعده‌های هفته کاری"
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("half_day_closes_at"))
                & models.Q(half_day_closes_at__lte=models.F("closes_at")),
                name="working_week_hours_ordered",
                violation_error_message=(
                    "ساعت‌ها باید به این ترتیب باشند: آغاز، پایان نیم‌روز، پایان روز کامل."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from.isoformat()}: {self.get_thursday_display()}"


class ClosureKind(models.TextChoices):
    HOLIDAY = "holiday", "تعطیل رسمی"
    CLOSURE = "closure", "تعطیلی موردی"
    HALF_DAY = "half_day", "نیمه‌تعطیل (تعطیلی از ظهر)"


class ClosureSource(models.TextChoices):
    HOLIDAYS_PACKAGE = "holidays-package", "تقویم رسمی (بسته holidays)"
    ADMIN = "admin", "ویرایش مدیر سامانه"


class Closure(models.Model):
    """A day offices are closed (or close at the half-day time), at most one row per date.

    Official holidays are loaded from the ``holidays`` package (``origin_date`` keeps the date it
    gave); once an administrator saves a row its source is ``admin`` and the loader leaves it
    alone. To cancel a loaded holiday, clear ``is_active`` rather than deleting the row, or the
    next load would bring it back.
    """

    date = models.DateField("تاریخ", unique=True)
    title = models.CharField("عنوان", max_length=200)
    kind = models.CharField("نوع", max_length=10, choices=ClosureKind, default=ClosureKind.CLOSURE)
    source = models.CharField(
        "منبع", max_length=20, choices=ClosureSource, default=ClosureSource.ADMIN
    )
    origin_date = models.DateField(
        "تاریخ در تقویم رسمی", null=True, blank=True, editable=False, unique=True
    )
    is_active = models.BooleanField("اعمال شود", default=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "تعطیلی"
        verbose_name_plural = "تعطیلات و تعطیلی‌ها"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.title}"
