"""A mixin shared by the back-office admins of records that change only through services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class ReadOnly:
    """Visible to those allowed to view; never added, changed or deleted from the admin.
    Mix it into a ``ModelAdmin`` or an inline before the Django class."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
