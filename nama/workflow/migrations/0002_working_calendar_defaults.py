"""Defaults of the working calendar: Thursday closed, offices 07:30–14:00, and the official
holidays of the current and next Jalali year from the `holidays` package."""

from datetime import date, time
from types import SimpleNamespace

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from nama.core.jalali import tehran_today, to_jalali
from nama.workflow.calendar import load_official_holidays

# 1404/01/01: the default rule applies from here and, having no predecessor, before it too.
DEFAULT_RULE_FROM = date(2025, 3, 21)


def seed_calendar(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    WorkingWeek = apps.get_model("workflow", "WorkingWeek")
    if not WorkingWeek.objects.exists():
        WorkingWeek.objects.create(
            effective_from=DEFAULT_RULE_FROM,
            thursday="closed",
            opens_at=time(7, 30),
            closes_at=time(14, 0),
            half_day_closes_at=time(12, 0),
            decree="پیش‌فرض: ادارات پنج‌شنبه‌ها به مصوبه تعطیل‌اند (قابل تغییر با قاعده تازه)",
        )
    models = SimpleNamespace(Closure=apps.get_model("workflow", "Closure"))
    year = int(to_jalali(tehran_today()).year)
    for jalali_year in (year, year + 1):
        load_official_holidays(jalali_year=jalali_year, models=models)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
