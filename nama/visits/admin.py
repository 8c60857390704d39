"""Visits in the back office: read-only (booked and moved only through ``visits.services``,
which keep the workflow, the hold and the notices in step)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nama.visits.models import Visit


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin[Visit]):
    list_display = ["case", "starts_at", "inspector", "seat", "status", "booked_by"]
    list_filter = ["status", "case__district"]
    search_fields = ["case__tracking_code", "inspector__username", "inspector__last_name"]
    list_select_related = ["case", "inspector", "booked_by"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
