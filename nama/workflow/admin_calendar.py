"""Back-office editing of the working calendar: closures and the week's rule, in Jalali dates.

Any save by an administrator marks a closure ``admin``, so ``load_holidays`` never overwrites
it. A week rule already in force is history (old deadlines were computed with it): it cannot be
changed or deleted; a decree becomes a new rule effective from its date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import jdatetime
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.options import Action
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from nama.core.jalali import (
    format_jalali_date,
    from_jalali,
    parse_jalali_date,
    tehran_today,
    to_jalali,
    weekday_name,
)
from nama.core.text import to_persian_digits
from nama.workflow.models.calendar import Closure, ClosureSource, WorkingWeek

DATE_HELP = "به تاریخ شمسی، مانند ۱۴۰۵/۰۱/۱۲"


class JalaliDateField(forms.DateField):
    """A Jalali date typed in any digit script, shown back as ``1405/01/12``."""

    widget = forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "size": "12"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return format_jalali_date(value, persian_digits=False)
        return value

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()[:40]
        return parse_jalali_date(text) if text else None


class ClosureForm(forms.ModelForm[Closure]):
    date = JalaliDateField(label="تاریخ", help_text=DATE_HELP)

    class Meta:
        model = Closure
        fields = ["date", "title", "kind", "is_active"]


class WorkingWeekForm(forms.ModelForm[WorkingWeek]):
    effective_from = JalaliDateField(label="از تاریخ", help_text=DATE_HELP + "؛ امروز یا پس از آن")

    class Meta:
        model = WorkingWeek
        fields = [
            "effective_from",
            "thursday",
            "opens_at",
            "closes_at",
            "half_day_closes_at",
            "decree",
        ]

    def clean_effective_from(self) -> date:
        value: date = self.cleaned_data["effective_from"]
        if value < tehran_today():
            raise ValidationError(
                "قاعده تازه نمی‌تواند از گذشته اعمال شود؛ مهلت‌های پیشین با قاعده قبلی محاسبه شده‌اند."
            )
        return value


class JalaliYearFilter(admin.SimpleListFilter):
    title = "سال"
    parameter_name = "jalali_year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        span = Closure.objects.aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is None:
            return []
        years = range(to_jalali(span["last"]).year, to_jalali(span["first"]).year - 1, -1)
        return [(str(year), to_persian_digits(str(year))) for year in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value or not value.isascii() or not value.isdigit():
            return queryset
        year = int(value)
        first = from_jalali(year, 1, 1)
        after = jdatetime.date(year + 1, 1, 1).togregorian()
        return queryset.filter(date__gte=first, date__lt=after)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    form = ClosureForm
    list_display = ["jalali_date", "weekday", "title", "kind", "source", "is_active"]
    list_filter = [JalaliYearFilter, "kind", "source", "is_active"]
    search_fields = ["title"]
    ordering = ["date"]
    readonly_fields = ["source", "jalali_origin_date", "updated_at"]
    actions = ["deactivate"]

    @admin.display(description="تاریخ", ordering="date")
    def jalali_date(self, closure: Closure) -> str:
        return format_jalali_date(closure.date)

    @admin.display(description="روز هفته")
    def weekday(self, closure: Closure) -> str:
        return weekday_name(closure.date)

    @admin.display(description="تاریخ در تقویم رسمی")
    def jalali_origin_date(self, closure: Closure) -> str:
        return format_jalali_date(closure.origin_date) if closure.origin_date else "—"

    def save_model(self, request: HttpRequest, obj: Closure, form: Any, change: bool) -> None:
        obj.source = ClosureSource.ADMIN
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Closure | None = None) -> bool:
        # An official holiday deleted here would come back with the next load: deactivate it.
        if obj is not None and obj.origin_date is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict[str, Action | None]:
        return _without_bulk_delete(super().get_actions(request, action_location))

    @admin.action(description="لغو تعطیلی‌های انتخاب‌شده (روز کاری شود)", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Closure]) -> None:
        closures = list(queryset)
        with transaction.atomic():
            queryset.update(is_active=False, source=ClosureSource.ADMIN, updated_at=timezone.now())
            for closure in closures:  # the admin's history, as an edit form would leave
                self.log_change(request, closure, [{"changed": {"fields": ["اعمال شود"]}}])
        self.message_user(request, f"{len(closures)} مورد لغو شد.", messages.SUCCESS)


@admin.register(WorkingWeek)
class WorkingWeekAdmin(admin.ModelAdmin[WorkingWeek]):
    form = WorkingWeekForm
    list_display = [
        "jalali_effective_from",
        "thursday",
        "opens_at",
        "closes_at",
        "half_day_closes_at",
        "decree",
    ]
    ordering = ["-effective_from"]

    @admin.display(description="از تاریخ", ordering="effective_from")
    def jalali_effective_from(self, rule: WorkingWeek) -> str:
        return format_jalali_date(rule.effective_from)

    def has_change_permission(self, request: HttpRequest, obj: WorkingWeek | None = None) -> bool:
        return not _in_force(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: WorkingWeek | None = None) -> bool:
        return not _in_force(obj) and super().has_delete_permission(request, obj)

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict[str, Action | None]:
        return _without_bulk_delete(super().get_actions(request, action_location))


def _without_bulk_delete(actions: dict[str, Action | None]) -> dict[str, Action | None]:
    # Bulk deletion asks has_delete_permission without the object, so the per-row rules
    # (package holidays, rules in force) would not be checked.
    actions.pop("delete_selected", None)
    return actions


def _in_force(rule: WorkingWeek | None) -> bool:
    return rule is not None and rule.effective_from <= tehran_today()
