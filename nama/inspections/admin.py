"""Read-only back-office pages of inspections: reports, photos, figures, discrepancies.

Reports are written only on the inspector's phone (services); the admin shows them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from nama.core.admin import ReadOnly
from nama.inspections.models import Discrepancy, InspectionPhoto, InspectionReport, Observation


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin[Any]):
    """Visible to those allowed to view; never added, changed or deleted from the admin."""


@admin.register(InspectionReport)
class InspectionReportAdmin(ReadOnlyAdmin):
    list_display = ["case", "visit", "revision", "saved_at", "submitted_at", "submitted_by"]
    list_filter = ["submitted_at"]
    search_fields = ["case__tracking_code"]
    readonly_fields = [
        "visit",
        "case",
        "values",
        "checklist",
        "notes",
        "revision",
        "saved_at",
        "saved_by",
        "submitted_at",
        "submitted_by",
    ]
    exclude = ["submission_key"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InspectionReport]:
        return (
            super()
            .get_queryset(request)
            .select_related("case", "visit", "submitted_by", "saved_by")
        )


@admin.register(InspectionPhoto)
class InspectionPhotoAdmin(ReadOnlyAdmin):
    list_display = ["report", "taken_at", "distance_m", "far", "accuracy", "created_by"]
    list_filter = ["far"]
    search_fields = ["report__case__tracking_code"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["case", "key", "source", "basis", "value", "reported_by", "at"]
    list_filter = ["source", "key"]
    search_fields = ["case__tracking_code"]


@admin.register(Discrepancy)
class DiscrepancyAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "key",
        "source",
        "reported_value",
        "observed_value",
        "tolerance",
        "reported_by",
        "inspector",
        "district",
        "created_at",
    ]
    list_filter = ["source", "key", "district"]
    search_fields = ["case__tracking_code"]
    date_hierarchy = "created_at"
