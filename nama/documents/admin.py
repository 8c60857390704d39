"""Read-only back-office pages: uploads, stored files, quarantine and the audit trail.

Nothing here serves a file: documents leave only through the signed-URL view, and
quarantined bytes never do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from nama.documents.models import DocumentEvent, Quarantine, StoredFile, Upload


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Visible to those allowed to view; never added, changed or deleted from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "document_type",
        "format_label",
        "size",
        "uploaded_by",
        "virus_scan",
        "created_at",
    ]
    list_filter = ["document_type", "virus_scan", "created_at"]
    search_fields = ["original_name", "public_id", "stored_file__sha256"]
    date_hierarchy = "created_at"
    fields = (
        "public_id",
        "original_name",
        "document_type",
        "format_label",
        "size",
        "sha256",
        "uploaded_by",
        "virus_scan",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Upload]:
        return super().get_queryset(request).select_related("stored_file", "uploaded_by")

    @admin.display(description="قالب")
    def format_label(self, obj: Upload) -> str:
        return obj.stored_file.get_format_display()

    @admin.display(description="اندازه (بایت)")
    def size(self, obj: Upload) -> int:
        return obj.stored_file.size

    @admin.display(description="SHA-256")
    def sha256(self, obj: Upload) -> str:
        return obj.stored_file.sha256


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["sha256", "format", "size", "created_at"]
    list_filter = ["format", "created_at"]
    search_fields = ["sha256"]
    fields = ("sha256", "format", "content_type", "size", "storage_name", "created_at")
    readonly_fields = fields


@admin.register(Quarantine)
class QuarantineAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "signature", "document_type", "uploaded_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["signature", "sha256", "original_name"]
    date_hierarchy = "created_at"
    fields = (
        "original_name",
        "signature",
        "document_type",
        "size",
        "sha256",
        "storage_name",
        "uploaded_by",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quarantine]:
        return super().get_queryset(request).select_related("uploaded_by")


@admin.register(DocumentEvent)
class DocumentEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "actor", "upload", "created_at"]
    list_filter = ["kind", "created_at"]
    date_hierarchy = "created_at"
    fields = ("kind", "actor", "upload", "data", "created_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentEvent]:
        return super().get_queryset(request).select_related("actor", "upload")
