"""Read-only admin of outbound SMS: see every message and its fate; re-queue failed ones."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from nama.sms.models import OutboundSms
from nama.sms.services import retry_sms

REDACTED = "••••••"
# ``token`` is never shown: ``token_state`` says only whether a code is still stored.
_FIELDS = (
    "to",
    "kind",
    "text",
    "template",
    "token_state",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "backend",
    "provider_message_id",
    "created_at",
    "updated_at",
    "sent_at",
)


@admin.register(OutboundSms)
class OutboundSmsAdmin(admin.ModelAdmin[OutboundSms]):
    list_display = ["id", "to", "kind", "status", "attempts", "created_at", "sent_at", "backend"]
    list_filter = ["status", "kind", "backend", "created_at"]
    search_fields = ["to", "provider_message_id"]
    date_hierarchy = "created_at"
    fields = _FIELDS
    readonly_fields = _FIELDS
    actions = ["retry"]

    @admin.display(description="کد یک‌بارمصرف")
    def token_state(self, obj: OutboundSms) -> str:
        return REDACTED if obj.token else "—"

    @admin.action(description="ارسال دوباره پیامک‌های انتخاب‌شده", permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundSms]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        result = retry_sms(actor=request.user, sms_ids=ids)
        self.message_user(request, f"{result.requeued} پیامک دوباره در صف ارسال قرار گرفت.")
        if result.skipped:
            self.message_user(
                request,
                f"{result.skipped} پیامک دوباره فرستاده نشد: ارسال‌شده یا در حال ارسال است، "
                "یا کد یک‌بارمصرف آن پاک شده است.",
                level=messages.WARNING,
            )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # The model's "change" permission grants the action; the admin itself stays read-only.
        return request.user.has_perm("sms.change_outboundsms")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundSms | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboundSms | None = None) -> bool:
        return False
