"""Back-office administration of accounts. Role changes go through the services (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from nama.accounts.audit import record_event
from nama.accounts.constants import SecurityEventKind, StaffRole
from nama.accounts.models import (
    ApiToken,
    LegalPerson,
    LegalPersonAgent,
    PartnerOrganization,
    Representation,
    RoleAssignment,
    SecurityEvent,
    User,
)
from nama.accounts.services.staff import grant_role, revoke_role
from nama.core.admin import ReadOnly
from nama.core.http import ClientInfo
from nama.core.jalali import format_jalali_datetime


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin[Any]):
    """Visible to those allowed to view; never added, changed or deleted from the admin."""


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    fk_name = "user"
    fields = ["role", "district", "granted_by", "granted_at", "revoked_at"]
    readonly_fields = ["granted_by", "granted_at", "revoked_at"]
    extra = 0
    verbose_name = "نقش"
    verbose_name_plural = "نقش‌ها (هر نقش در یک منطقه؛ نقش‌های کل شهر بدون منطقه)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        return super().get_queryset(request).filter(revoked_at__isnull=True)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class NamaUserAdmin(UserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "kind", "mobile", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "national_id", "mobile", "first_name", "last_name"]
    readonly_fields = [
        "last_login",
        "date_joined",
        "mobile_verified_at",
        "is_superuser",
        "is_staff",
    ]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("مشخصات", {"fields": ("kind", "first_name", "last_name", "national_id", "birth_date")}),
        ("تماس", {"fields": ("mobile", "mobile_verified_at", "email")}),
        ("سازمان همکار", {"fields": ("partner",)}),
        (
            "وضعیت",
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "kind",
                    "first_name",
                    "last_name",
                    "mobile",
                    "partner",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    inlines = [RoleAssignmentInline]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Save, and write what an administrator changed into the security audit trail."""
        super().save_model(request, obj, form, change)
        changed = sorted(set(form.changed_data) - {"password"})
        if changed:
            record_event(
                SecurityEventKind.ACCOUNT_EDITED,
                client=ClientInfo.from_request(request),
                actor=request.user if isinstance(request.user, User) else None,
                subject=obj,
                data={"fields": changed, "created": not change},
            )

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        actor = request.user if isinstance(request.user, User) else None
        client = ClientInfo.from_request(request)
        granted, revoked = [], []
        for inline_form in formset.forms:
            data = inline_form.cleaned_data
            if not data or inline_form in formset.deleted_forms or inline_form.instance.pk:
                continue
            granted.append(
                grant_role(
                    actor=actor,
                    user=form.instance,
                    role=StaffRole(data["role"]),
                    district=data.get("district"),
                    client=client,
                )
            )
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                revoke_role(actor=actor, assignment=deleted.instance, client=client)
                revoked.append(deleted.instance)
        # What formset.save() would have left for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = granted, [], revoked


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["jalali_time", "kind", "actor", "subject", "subject_key", "ip"]
    list_filter = ["kind"]
    search_fields = ["subject_key", "ip", "actor__username", "subject__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject"]

    @admin.display(description="زمان", ordering="created_at")
    def jalali_time(self, event: SecurityEvent) -> str:
        return format_jalali_datetime(event.created_at)


@admin.register(Representation)
class RepresentationAdmin(ReadOnlyAdmin):
    list_display = ["owner", "representative", "status", "expires_at", "created_at"]
    list_filter = ["status"]
    list_select_related = ["owner", "representative"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["key_hash"]
    list_select_related = ["user"]


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin[PartnerOrganization]):
    list_display = ["name", "kind", "code", "is_active"]
    list_filter = ["kind", "is_active"]


class LegalPersonAgentInline(admin.TabularInline[LegalPersonAgent, LegalPerson]):
    model = LegalPersonAgent
    fk_name = "legal_person"
    fields = ["user", "title", "granted_by", "granted_at", "revoked_at"]
    readonly_fields = ["user", "title", "granted_by", "granted_at", "revoked_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LegalPerson)
class LegalPersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "legal_id", "registered_by", "created_at"]
    search_fields = ["name", "legal_id"]
    inlines = [LegalPersonAgentInline]
