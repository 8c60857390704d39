"""Back office for requests: message texts are edited here; requests and their effects are
read-only (they change only through the services and the workflow engine)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nama.cases.models import Case, CaseEffect, MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin[MessageTemplate]):
    list_display = ["key", "title"]
    readonly_fields = ["key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the keys are the events the code sends; only their texts change

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(_ReadOnly):
    list_display = ["tracking_code", "service", "district", "channel", "status", "created_at"]
    list_filter = ["status", "channel", "district", "service"]
    search_fields = ["tracking_code", "applicant__national_id", "parcel__renewal_code"]
    list_select_related = ["service", "district"]
    exclude = ["form_history"]


@admin.register(CaseEffect)
class CaseEffectAdmin(_ReadOnly):
    list_display = ["case", "step", "name", "created_at", "done_at"]
    list_filter = ["name"]
    list_select_related = ["case"]
