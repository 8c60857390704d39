"""Administrators edit closures and week rules in Jalali dates; their edits are kept by
`load_holidays`, and week rules already in force cannot be rewritten.

The views are called on the ModelAdmin itself: the site's own sign-in is the accounts app's
concern. Dates: 1405/09/07 = Sat 2026-11-28; 1405/03/06 = Wed 2026-05-27.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.admin import AdminSite
from django.contrib.admin.models import LogEntry
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.test import RequestFactory

from nama.accounts.models import User
from nama.core.jalali import TEHRAN, format_jalali_date, tehran_today
from nama.workflow.admin_calendar import ClosureAdmin, WorkingWeekAdmin, WorkingWeekForm
from nama.workflow.calendar import add_working_days, load_official_holidays
from nama.workflow.models.calendar import (
    Closure,
    ClosureKind,
    ClosureSource,
    ThursdayRule,
    WorkingWeek,
)

pytestmark = pytest.mark.django_db

CLOSURES = "/admin/workflow/closure/"


@pytest.fixture
def closure_admin() -> ClosureAdmin:
    return ClosureAdmin(Closure, AdminSite())


@pytest.fixture
def week_admin() -> WorkingWeekAdmin:
    return WorkingWeekAdmin(WorkingWeek, AdminSite())


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(
        "admin", "admin@example.com", "a-long-password-1", kind="staff"
    )


@pytest.fixture(autouse=True)
def calendar_1405() -> None:
    """The package's holidays of 1405, Thursdays closed."""
    Closure.objects.all().delete()
    WorkingWeek.objects.all().delete()
    WorkingWeek.objects.create(effective_from=date(2020, 1, 1), thursday=ThursdayRule.CLOSED)
    load_official_holidays(jalali_year=1405)


def _request(user: User, path: str, data: dict[str, Any] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post(path, data) if data is not None else factory.get(path)
    request.user = user
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _rendered(response: Any) -> TemplateResponse:
    assert isinstance(response, TemplateResponse)
    response.render()
    return response


def _closure_form(day: str, title: str, kind: str) -> dict[str, str]:
    return {"date": day, "title": title, "kind": kind, "is_active": "on"}


def test_an_admin_closure_typed_in_jalali_moves_a_deadline(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    start = datetime(2026, 11, 28, 10, tzinfo=TEHRAN)  # Sat 1405/09/07
    assert add_working_days(start, 3) == datetime(2026, 12, 1, 14, tzinfo=TEHRAN)  # Tue 09/10

    data = _closure_form("۱۴۰۵/۰۹/۰۹", "تعطیلی به دلیل آلودگی هوا", ClosureKind.CLOSURE)
    response = closure_admin.add_view(_request(superuser, CLOSURES + "add/", data))

    assert response.status_code == 302
    closure = Closure.objects.get(date=date(2026, 11, 30))  # Mon 1405/09/09
    assert closure.source == ClosureSource.ADMIN
    assert closure.origin_date is None
    assert add_working_days(start, 3) == datetime(2026, 12, 2, 14, tzinfo=TEHRAN)  # Wed 09/11


def test_correcting_a_lunar_holiday_survives_the_next_load(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    eid = Closure.objects.get(date=date(2026, 5, 27))  # Eid al-Adha, 1405/03/06
    data = _closure_form("1405/03/07", eid.title, ClosureKind.HOLIDAY)

    response = closure_admin.change_view(
        _request(superuser, f"{CLOSURES}{eid.pk}/change/", data), str(eid.pk)
    )

    assert response.status_code == 302
    eid.refresh_from_db()
    assert (eid.date, eid.source, eid.origin_date) == (
        date(2026, 5, 28),
        ClosureSource.ADMIN,
        date(2026, 5, 27),
    )
    load_official_holidays(jalali_year=1405)
    assert not Closure.objects.filter(date=date(2026, 5, 27)).exists()


def test_the_form_shows_and_reads_jalali_dates(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    nowruz = Closure.objects.get(date=date(2026, 3, 21))
    request = _request(superuser, f"{CLOSURES}{nowruz.pk}/change/")

    page = _rendered(closure_admin.change_view(request, str(nowruz.pk))).content.decode()
    assert 'value="1405/01/01"' in page

    bad = _closure_form("1405/12/30", "روز ناموجود", ClosureKind.CLOSURE)
    page = _rendered(closure_admin.add_view(_request(superuser, CLOSURES + "add/", bad)))
    assert "۱۴۰۵" in page.content.decode()  # «روز ۳۰ در اسفند ۱۴۰۵ وجود ندارد…»
    assert not Closure.objects.filter(title="روز ناموجود").exists()


def test_the_list_shows_jalali_dates_and_filters_by_year_kind_and_text(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    load_official_holidays(jalali_year=1404)
    query = {"jalali_year": "1405", "kind__exact": ClosureKind.HOLIDAY, "q": "نوروز"}
    request = RequestFactory().get(CLOSURES, query)
    request.user = superuser

    response = _rendered(closure_admin.changelist_view(request))

    assert response.context_data is not None
    shown = [closure.date for closure in response.context_data["cl"].queryset]
    assert shown == [date(2026, 3, d) for d in (21, 22, 23, 24)]
    page = response.content.decode()
    assert "۱۴۰۵/۰۱/۰۱" in page
    assert "شنبه" in page
    assert "۱۴۰۴" in page  # the other year is offered in the filter


def test_package_holidays_are_deactivated_not_deleted(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    request = _request(superuser, CLOSURES)
    holiday = Closure.objects.get(date=date(2026, 4, 2))  # 13 Farvardin
    own = Closure.objects.create(date=date(2026, 11, 30), title="آلودگی هوا")

    assert not closure_admin.has_delete_permission(request, holiday)
    assert closure_admin.has_delete_permission(request, own)
    assert "delete_selected" not in closure_admin.get_actions(request)

    closure_admin.deactivate(request, Closure.objects.filter(pk=holiday.pk))

    holiday.refresh_from_db()
    assert (holiday.is_active, holiday.source) == (False, ClosureSource.ADMIN)
    assert LogEntry.objects.get(object_id=str(holiday.pk)).user == superuser
    load_official_holidays(jalali_year=1405)
    holiday.refresh_from_db()
    assert not holiday.is_active


def test_a_week_rule_in_force_is_history(week_admin: WorkingWeekAdmin, superuser: User) -> None:
    request = _request(superuser, "/admin/workflow/workingweek/")
    in_force = WorkingWeek.objects.get()
    planned = WorkingWeek.objects.create(
        effective_from=tehran_today() + timedelta(days=10), thursday=ThursdayRule.HALF
    )

    assert not week_admin.has_change_permission(request, in_force)
    assert not week_admin.has_delete_permission(request, in_force)
    assert week_admin.has_change_permission(request, planned)
    assert week_admin.has_delete_permission(request, planned)
    assert "delete_selected" not in week_admin.get_actions(request)


def week_form(effective_from: str, closes_at: str = "14:00") -> WorkingWeekForm:
    return WorkingWeekForm(
        data={
            "effective_from": effective_from,
            "thursday": ThursdayRule.HALF,
            "opens_at": "07:30",
            "closes_at": closes_at,
            "half_day_closes_at": "12:00",
        }
    )


def test_a_new_week_rule_starts_today_or_later() -> None:
    past = week_form("1404/01/01")
    today = week_form(format_jalali_date(tehran_today()))  # Persian digits are fine

    assert not past.is_valid()
    assert "گذشته" in str(past.errors["effective_from"])
    assert today.is_valid(), today.errors
    assert today.cleaned_data["effective_from"] == tehran_today()
    assert today.cleaned_data["half_day_closes_at"] == time(12, 0)


def test_office_hours_must_be_in_order() -> None:
    form = week_form("1500/01/01", closes_at="11:00")

    assert not form.is_valid()
    assert "ساعت" in str(form.errors)


def test_the_week_rules_list_shows_jalali_dates(
    week_admin: WorkingWeekAdmin, superuser: User
) -> None:
    request = RequestFactory().get("/admin/workflow/workingweek/")
    request.user = superuser

    page = _rendered(week_admin.changelist_view(request)).content.decode()

    assert "۱۳۹۸/۱۰/۱۱" in page  # 2020-01-01
    assert str(WorkingWeek.objects.get()) == "2020-01-01: تعطیل"


def test_an_unknown_year_in_the_filter_shows_everything(
    closure_admin: ClosureAdmin, superuser: User
) -> None:
    request = RequestFactory().get(CLOSURES, {"jalali_year": "۱۴۰۵"})
    request.user = superuser

    response = _rendered(closure_admin.changelist_view(request))

    assert response.context_data is not None
    assert response.context_data["cl"].queryset.count() == Closure.objects.count()
