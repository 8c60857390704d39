"""Back-office editing of the catalogue.

A service's definition is edited as YAML — the format of the repository files — and saving
publishes a new version through ``services.publish_service``, validated exactly as
``nama catalog check`` validates files; a refused edit shows every problem and saves nothing.
Versions are read-only, each with an export link. Where a service is offered is edited inline:
an edited row belongs to administrators from then on (the rollout of later syncs leaves it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from nama.accounts.models import User
from nama.catalog.constants import VersionSource
from nama.catalog.models import Service, ServiceAvailability, ServiceVersion
from nama.catalog.schema import CatalogError
from nama.catalog.services import publish_service, save_availability, set_service_active
from nama.catalog.transfer import export_version
from nama.catalog.validation import current_context, validate_service
from nama.core.jalali import format_jalali_date, format_jalali_datetime, parse_jalali_date
from nama.core.text import search_key
from nama.districts.selectors import active_districts

NEW_SERVICE_TEMPLATE = """\
# See nama/catalog/schema.py for every key; the repository files are examples.
code: D35
slug: new_service
category: permits
kind: request
title: عنوان خدمت
description: شرح خدمت
applicants: [owner, representative]
subjects: [parcel]
channels: [online, counter]
workflow: permit_change
sla_working_days: 15
rollout: pilot
documents:
  - {type: deed, formats: [pdf, jpg, png], max_size_mb: 5}
form: []
fees: []
"""


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def to_yaml(body: Any) -> str:
    return yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def parse_definition(text: str, *, code: str | None) -> dict[str, Any]:
    """YAML text → definition data, validated as the files are; ``ValidationError`` listing
    every problem. ``code``: the service being edited (None: a new one)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValidationError(f"متن YAML درست نیست: {error}") from error
    if not isinstance(data, dict):
        raise ValidationError("تعریف باید یک نگاشت (mapping) در سطح بالا باشد.")
    if code is not None and data.get("code") != code:
        raise ValidationError(f"code: کد خدمت ({code}) تغییرپذیر نیست.")
    if code is None and Service.objects.filter(code=data.get("code")).exists():
        raise ValidationError(f"code: خدمت {data.get('code')} هست؛ همان را ویرایش کنید.")
    try:
        validate_service(data, current_context())
    except CatalogError as error:
        raise ValidationError(
            ["تعریف پذیرفته نشد؛ این موارد را درست کنید:", *error.problems]
        ) from error
    return data


class ServiceForm(forms.ModelForm[Service]):
    definition = forms.CharField(
        label="تعریف خدمت (YAML)",
        widget=forms.Textarea(attrs={"rows": 40, "cols": 100, "dir": "ltr", "spellcheck": "false"}),
        help_text="همان قالب پرونده‌های nama/catalog/data/services؛ ذخیره، نسخه تازه می‌سازد.",
    )
    note = forms.CharField(
        label="توضیح تغییر", required=False, max_length=300, help_text="در سابقه نسخه می‌ماند."
    )

    class Meta:
        model = Service
        fields = ["is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.current_version if self.instance.pk else None
        self.fields["definition"].initial = (
            to_yaml(current.body) if current else (NEW_SERVICE_TEMPLATE)
        )

    def clean_definition(self) -> dict[str, Any]:
        code = self.instance.code if self.instance.pk else None
        return parse_definition(self.cleaned_data["definition"], code=code)


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


class AvailabilityForm(forms.ModelForm[ServiceAvailability]):
    enabled_from = JalaliDateField(
        label="از تاریخ", required=False, help_text="شمسی، مانند ۱۴۰۵/۰۱/۱۲؛ خالی: از هم‌اکنون"
    )

    class Meta:
        model = ServiceAvailability
        fields = ["district", "is_enabled", "enabled_from"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        if isinstance(district, forms.ModelChoiceField):
            district.queryset = active_districts()


class AvailabilityInline(admin.TabularInline[ServiceAvailability, Service]):
    model = ServiceAvailability
    form = AvailabilityForm
    fields = ["district", "is_enabled", "enabled_from", "source", "changed_by", "changed_at"]
    readonly_fields = ["source", "changed_by", "changed_at"]
    extra = 0
    # A deleted rollout row would come back on the next sync: clear «ارائه می‌شود» instead.
    can_delete = False
    verbose_name_plural = "مناطق ارائه (ردیفی که ویرایش کنید دیگر با همگام‌سازی تغییر نمی‌کند)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceAvailability]:
        return super().get_queryset(request).select_related("district", "changed_by")


class VersionInline(admin.TabularInline[ServiceVersion, Service]):
    model = ServiceVersion
    fk_name = "service"
    readonly_fields = ["version", "source", "workflow", "note", "created", "created_by", "export"]
    fields = list(readonly_fields)
    extra = 0
    can_delete = False
    ordering = ["-version"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceVersion]:
        return super().get_queryset(request).select_related("workflow", "created_by")

    @admin.display(description="ایجاد")
    def created(self, version: ServiceVersion) -> str:
        return format_jalali_datetime(version.created_at)

    @admin.display(description="صدور")
    def export(self, version: ServiceVersion) -> SafeString:
        return export_link(version)


def export_link(version: ServiceVersion) -> SafeString:
    url = reverse("admin:catalog_serviceversion_export", args=[version.pk])
    return format_html('<a href="{}" download>JSON</a>', url)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    form = ServiceForm
    list_display = ["code", "title", "category", "kind", "version", "districts", "is_active"]
    list_display_links = ["code", "title"]
    list_filter = ["category", "kind", "is_active"]
    # Searched with search_key over title, description, code and category (see below).
    search_fields = ["code"]
    search_help_text = "عنوان، شرح یا کد خدمت (ی/ي، ک/ك، ارقام و نیم‌فاصله یکسان‌اند)"
    fields = ["is_active", "definition", "note"]
    inlines = [AvailabilityInline, VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        enabled = Q(availability__is_enabled=True)
        return (
            super()
            .get_queryset(request)
            .select_related("current_version")
            .annotate(district_count=Count("availability", filter=enabled))
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Service], search_term: str
    ) -> tuple[QuerySet[Service], bool]:
        for word in search_key(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False

    def get_inlines(self, request: HttpRequest, obj: Service | None) -> list[Any]:
        return list(self.inlines) if obj is not None else []

    @admin.display(description="نسخه جاری")
    def version(self, service: Service) -> int | None:
        return service.current_version.version if service.current_version else None

    @admin.display(description="مناطق")
    def districts(self, service: Service) -> int:
        return int(getattr(service, "district_count", 0))

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        """Publish the definition (a new version only if it changed), then the active flag."""
        actor = _actor(request)
        published = publish_service(
            data=form.cleaned_data["definition"],
            actor=actor,
            source=VersionSource.ADMIN,
            note=form.cleaned_data["note"],
        )
        service = published.version.service
        set_service_active(service=service, is_active=obj.is_active, actor=actor)
        obj.pk = service.pk
        obj.refresh_from_db()
        if published.created:
            message = f"نسخه {published.version.version} تعریف منتشر شد."
            self.message_user(request, message, messages.SUCCESS)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not ServiceAvailability:
            super().save_formset(request, form, formset, change)
            return
        for row in formset.save(commit=False):
            save_availability(row=row, actor=_actor(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests refer to services: deactivate instead


@admin.register(ServiceVersion)
class ServiceVersionAdmin(admin.ModelAdmin[ServiceVersion]):
    """Read-only: a version is never changed; export moves it to another installation."""

    list_display = ["service", "version", "source", "workflow", "created", "export"]
    list_filter = ["source"]
    list_select_related = ["service", "workflow"]
    search_fields = ["service__code", "service__title"]
    readonly_fields = ["service", "version", "source", "checksum", "workflow", "note"]
    readonly_fields += ["created", "created_by", "export", "definition"]
    fields = list(readonly_fields)

    @admin.display(description="ایجاد")
    def created(self, version: ServiceVersion) -> str:
        return format_jalali_datetime(version.created_at)

    @admin.display(description="صدور")
    def export(self, version: ServiceVersion) -> SafeString:
        return export_link(version)

    @admin.display(description="تعریف (YAML)")
    def definition(self, version: ServiceVersion) -> SafeString:
        return format_html_join("", '<pre dir="ltr">{}</pre>', [(to_yaml(version.body),)])

    def get_urls(self) -> list[URLPattern]:
        export = path(
            "<int:pk>/export/",
            self.admin_site.admin_view(self.export_view),
            name="catalog_serviceversion_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(ServiceVersion.objects.select_related("service"), pk=pk)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        data = export_version(code=version.service.code, version=version.version)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        name = f"{version.service.code}-v{version.version}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
