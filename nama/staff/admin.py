"""Back office for the staff side: the history of who held which request, read-only (holds
change only through ``nama.staff.services``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nama.staff.models import HoldEvent


@admin.register(HoldEvent)
class HoldEventAdmin(admin.ModelAdmin[HoldEvent]):
    list_display = ["case", "action", "holder", "actor", "queue_role", "at"]
    list_filter = ["action", "queue_role", "case__district"]
    search_fields = ["case__tracking_code", "holder__username", "actor__username"]
    list_select_related = ["case", "holder", "actor"]
    date_hierarchy = "at"
    readonly_fields = ["case", "action", "holder", "actor", "queue_role", "reason", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
