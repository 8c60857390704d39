"""Administrators edit a service as YAML: a broken edit is refused whole, a good one is a new
version; availability rows they edit become theirs.

The views are called on the ModelAdmin itself: the admin site's sign-in (staff with a second
factor) is the accounts app's concern and tested there.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.test import RequestFactory

from nama.accounts.models import User
from nama.catalog.admin import ServiceAdmin, ServiceVersionAdmin
from nama.catalog.constants import AvailabilitySource, VersionSource
from nama.catalog.files import SyncReport
from nama.catalog.models import Service, ServiceAvailability, ServiceVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_admin() -> ServiceAdmin:
    return ServiceAdmin(Service, AdminSite())


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(
        "admin", "admin@example.com", "a-long-password-1", kind="staff"
    )


def _request(user: User, method: str = "get", data: dict[str, Any] | None = None) -> HttpRequest:
    request: HttpRequest = getattr(RequestFactory(), method)("/admin/catalog/service/", data or {})
    request.user = user
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _d15() -> Service:
    return Service.objects.select_related("current_version").get(code="D15")


def _body(service: Service) -> dict[str, Any]:
    assert service.current_version is not None
    return dict(service.current_version.body)


def _management(prefix: str, ids: list[int]) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": str(len(ids)),
        f"{prefix}-INITIAL_FORMS": str(len(ids)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        **{f"{prefix}-{index}-id": str(pk) for index, pk in enumerate(ids)},
    }


def _post(service: Service, body: dict[str, Any] | str, **extra: Any) -> dict[str, Any]:
    """The change form as the browser sends it, inlines unchanged unless ``extra`` says so."""
    rows = list(service.availability.order_by("pk"))
    data: dict[str, Any] = {
        "is_active": "on",
        "definition": body if isinstance(body, str) else yaml.safe_dump(body, allow_unicode=True),
        "note": "",
        **_management("availability", [row.pk for row in rows]),
        **_management("versions", list(service.versions.values_list("pk", flat=True))),
    }
    for index, row in enumerate(rows):
        data[f"availability-{index}-service"] = str(service.pk)
        data[f"availability-{index}-district"] = str(row.district_id)
        data[f"availability-{index}-is_enabled"] = "on" if row.is_enabled else ""
        data[f"availability-{index}-enabled_from"] = ""
    return {**data, **extra}


def _change(model_admin: ServiceAdmin, user: User, service: Service, data: dict[str, Any]) -> Any:
    return model_admin.change_view(_request(user, "post", data), str(service.pk))


def _errors(response: HttpResponse) -> list[str]:
    assert isinstance(response, TemplateResponse)
    assert response.context_data is not None
    return list(response.context_data["adminform"].form.errors["definition"])


def test_a_broken_definition_is_refused_with_its_problems(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    body = _body(d15)
    next(f for f in body["form"] if f["name"] == "floors")["max"] = 0
    body["title"] = "عنوان تازه"

    response = _change(model_admin, superuser, d15, _post(d15, body))

    assert _errors(response) == [
        "تعریف پذیرفته نشد؛ این موارد را درست کنید:",
        "form.floors.max: 0 is less than min 1",
    ]
    assert _d15().title == "پروانه ساختمان (احداث بنا)"
    assert ServiceVersion.objects.filter(service=d15).count() == 1


def test_yaml_that_does_not_parse_and_a_changed_code_are_refused(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    broken = _change(model_admin, superuser, d15, _post(d15, "code: [D15"))
    renamed = _change(model_admin, superuser, d15, _post(d15, {**_body(d15), "code": "D99"}))

    assert _errors(broken)[0].startswith("متن YAML درست نیست:")
    assert _errors(renamed) == ["code: کد خدمت (D15) تغییرپذیر نیست."]
    assert ServiceVersion.objects.filter(service=d15).count() == 1


def test_a_good_edit_is_published_as_a_new_version(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    body = {**_body(d15), "title": "پروانه ساختمان", "sla_working_days": 28}

    response = _change(model_admin, superuser, d15, _post(d15, body, note="کوتاه‌تر"))

    assert isinstance(response, HttpResponseRedirect)
    d15 = _d15()
    version = d15.current_version
    assert version is not None
    assert (version.version, version.source, version.note) == (2, VersionSource.ADMIN, "کوتاه‌تر")
    assert version.created_by == superuser
    assert version.body["sla_working_days"] == 28
    assert d15.title == "پروانه ساختمان"
    assert d15.versions.get(version=1).body["sla_working_days"] == 30


def test_saving_without_changes_makes_no_version(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    response = _change(model_admin, superuser, d15, _post(d15, _body(d15), is_active=""))

    assert isinstance(response, HttpResponseRedirect)
    assert ServiceVersion.objects.filter(service=d15).count() == 1
    assert not _d15().is_active


def test_an_availability_row_edited_here_becomes_the_administrators(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    rows = list(d15.availability.order_by("pk"))
    seventh = next(i for i, row in enumerate(rows) if row.district.number == 7)
    data = _post(d15, _body(d15), **{f"availability-{seventh}-is_enabled": ""})

    response = _change(model_admin, superuser, d15, data)

    assert isinstance(response, HttpResponseRedirect)
    row = ServiceAvailability.objects.get(service=d15, district__number=7)
    assert (row.is_enabled, row.source, row.changed_by) == (
        False,
        AvailabilitySource.ADMIN,
        superuser,
    )
    untouched = ServiceAvailability.objects.get(service=d15, district__number=6)
    assert untouched.source == AvailabilitySource.ROLLOUT


def test_a_new_service_is_added_from_yaml(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    body = {**_body(_d15()), "code": "D35", "slug": "basement_permit", "title": "مجوز زیرزمین"}
    data = {"is_active": "on", "definition": yaml.safe_dump(body, allow_unicode=True)}

    response = model_admin.add_view(_request(superuser, "post", data))

    assert isinstance(response, HttpResponseRedirect)
    added = Service.objects.get(code="D35")
    assert added.current_version is not None
    assert added.current_version.source == VersionSource.ADMIN
    offered = added.availability.order_by("district__number")
    assert [row.district.number for row in offered] == [6, 7, 8, 12]


def test_search_forgives_arabic_letters(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    found, _ = model_admin.get_search_results(
        _request(superuser), Service.objects.all(), "عوارض كسب"
    )
    assert [service.code for service in found] == ["G33"]


def test_a_version_exports_as_a_json_file(catalog: SyncReport, superuser: User) -> None:
    version = ServiceVersion.objects.get(service__code="D15")
    versions_admin = ServiceVersionAdmin(ServiceVersion, AdminSite())

    response = versions_admin.export_view(_request(superuser), version.pk)

    assert response["Content-Disposition"] == 'attachment; filename="D15-v1.json"'
    assert json.loads(response.content)["checksum"] == version.checksum
    assert not versions_admin.has_change_permission(_request(superuser), version)


def test_staff_without_catalogue_permissions_change_nothing(
    catalog: SyncReport, model_admin: ServiceAdmin
) -> None:
    clerk = User.objects.create_user(
        "clerk", password="a-long-password-1", is_staff=True, kind="staff"
    )
    d15 = _d15()
    body = {**_body(d15), "title": "دستکاری"}

    with pytest.raises(PermissionDenied):
        _change(model_admin, clerk, d15, _post(d15, body))

    assert _d15().title == "پروانه ساختمان (احداث بنا)"
    assert ServiceVersion.objects.filter(service=d15).count() == 1


def test_the_admins_are_registered_on_the_site() -> None:
    assert isinstance(admin.site._registry[Service], ServiceAdmin)
    assert isinstance(admin.site._registry[ServiceVersion], ServiceVersionAdmin)


def test_the_change_page_shows_the_yaml_versions_and_districts(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    d15 = _d15()
    response = model_admin.change_view(_request(superuser), str(d15.pk))

    assert isinstance(response, TemplateResponse)
    content = response.render().content.decode()
    assert "slug: building_permit" in content
    assert f"/admin/catalog/serviceversion/{d15.current_version_id}/export/" in content
    assert "منطقه ۱۲" in content


def test_the_list_page_renders(
    catalog: SyncReport, model_admin: ServiceAdmin, superuser: User
) -> None:
    response = model_admin.changelist_view(_request(superuser, data={"q": "پروانه"}))

    assert isinstance(response, TemplateResponse)
    assert response.context_data is not None
    codes = [service.code for service in response.context_data["cl"].queryset]
    assert "D15" in codes
    response.render()
