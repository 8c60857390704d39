"""Back-office views of the registry. Parcels, owners and plans change through the services
(audited, index and setbacks kept in step), so most pages here are read-only; zones are data
the administrators keep."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nama.parcels.models import (
    ImportRun,
    Ownership,
    Parcel,
    ParcelCode,
    PlanVersion,
    PropertySnapshot,
    RegistryEvent,
    SetbackResult,
    StreetLine,
    Zone,
)


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CodeInline(admin.TabularInline[ParcelCode, Parcel]):
    model = ParcelCode
    fields = readonly_fields = (
        "renewal_code",
        "valid_from",
        "valid_until",
        "started_by",
        "ended_by",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ShareInline(admin.TabularInline[Ownership, Parcel]):
    model = Ownership
    fields = readonly_fields = ("owner", "unit", "dang", "started_at", "ended_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Parcel)
class ParcelAdmin(ReadOnly):
    list_display = ["renewal_code", "district", "zone", "deed_area", "geometric_area", "status"]
    list_filter = ["status", "district", "zone__land_use"]
    search_fields = ["renewal_code", "plate_raw", "postal_code", "address"]
    list_select_related = ["district", "zone"]
    exclude = ["geometry"]
    inlines = [CodeInline, ShareInline]
    show_full_result_count = False  # counting 200k rows on every page is slow


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin[Zone]):
    list_display = ["code", "name", "land_use", "density_percent", "max_floors"]
    list_filter = ["land_use"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnly):
    list_display = ["code", "title", "status", "approved_on", "setbacks_computed_at"]


@admin.register(StreetLine)
class StreetLineAdmin(ReadOnly):
    list_display = ["external_id", "name", "kind", "planned_width", "plan_version"]
    list_filter = ["plan_version", "kind"]
    exclude = ["geometry", "centre_line"]


@admin.register(SetbackResult)
class SetbackResultAdmin(ReadOnly):
    list_display = ["parcel", "plan_version", "setback_area", "frontage_length", "remaining_area"]
    list_select_related = ["parcel", "plan_version"]
    list_filter = ["plan_version"]
    exclude = ["setback_geometry"]
    show_full_result_count = False


@admin.register(PropertySnapshot)
class SnapshotAdmin(ReadOnly):
    list_display = ["parcel", "kind", "as_of", "source", "total_built_area", "floors"]
    list_filter = ["kind"]
    list_select_related = ["parcel"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnly):
    list_display = ["file_name", "kind", "started_at", "rows_total", "rows_rejected"]


@admin.register(RegistryEvent)
class RegistryEventAdmin(ReadOnly):
    list_display = ["kind", "actor", "parcel", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["actor", "parcel"]
