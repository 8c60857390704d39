"""Back-office editing of workflows: a new version is published from YAML, validated exactly
as the repository files are; a published version is never edited in place."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from nama.accounts.models import User
from nama.core.jalali import format_jalali_datetime
from nama.workflow import admin_calendar  # noqa: F401 - registers the calendar's admin
from nama.workflow.definitions import DefinitionError, load_definition
from nama.workflow.engine import publish_definition
from nama.workflow.models import TransitionRecord, WorkflowDefinition, WorkflowInstance
from nama.workflow.models.engine import DefinitionSource


def parse_yaml_definition(source: str) -> dict[str, Any]:
    """YAML text → definition data; ``ValidationError`` listing every problem (Persian lead)."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise ValidationError(f"متن YAML درست نیست: {error}") from error
    if not isinstance(data, dict):
        raise ValidationError("تعریف باید یک نگاشت (mapping) در سطح بالا باشد.")
    try:
        load_definition(data)
    except DefinitionError as error:
        raise ValidationError(
            ["تعریف پذیرفته نشد؛ این موارد را درست کنید:", *error.problems]
        ) from error
    return data


class NewVersionForm(forms.ModelForm[WorkflowDefinition]):
    definition_yaml = forms.CharField(
        label="تعریف (YAML)",
        widget=forms.Textarea(attrs={"rows": 40, "dir": "ltr", "spellcheck": "false"}),
        help_text="همان قالب پرونده‌های nama/workflow/data؛ ذخیره، نسخه تازه‌ای می‌سازد.",
    )

    class Meta:
        model = WorkflowDefinition
        fields: list[str] = []

    def clean_definition_yaml(self) -> dict[str, Any]:
        return parse_yaml_definition(self.cleaned_data["definition_yaml"])


@admin.register(WorkflowDefinition)
class WorkflowDefinitionAdmin(admin.ModelAdmin[WorkflowDefinition]):
    list_display = ["code", "version", "title", "source", "jalali_created"]
    list_filter = ["code", "source"]
    search_fields = ["code", "title"]
    readonly_fields = ["code", "version", "title", "source", "checksum", "jalali_created"]
    readonly_fields += ["yaml", "states"]
    exclude = ["body", "created_at", "created_by"]

    @admin.display(description="ایجاد")
    def jalali_created(self, version: WorkflowDefinition) -> str:
        return format_jalali_datetime(version.created_at)

    @admin.display(description="تعریف (YAML)")
    def yaml(self, version: WorkflowDefinition) -> SafeString:
        text = yaml.safe_dump(version.body, allow_unicode=True, sort_keys=False)
        return format_html_join("", '<pre dir="ltr">{}</pre>', [(text,)])

    @admin.display(description="وضعیت‌ها")
    def states(self, version: WorkflowDefinition) -> SafeString:
        definition = load_definition(version.body)
        return format_html_join(
            "",
            "<div>{} — {}</div>",
            ((state.code, state.label) for state in definition.states),
        )

    def get_form(
        self,
        request: HttpRequest,
        obj: WorkflowDefinition | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        if obj is None:
            kwargs["form"] = NewVersionForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: WorkflowDefinition | None = None) -> Any:
        return ["definition_yaml"] if obj is None else self.readonly_fields

    def get_readonly_fields(
        self, request: HttpRequest, obj: WorkflowDefinition | None = None
    ) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """``?from=<id>`` starts a new version from an existing one."""
        source = WorkflowDefinition.objects.filter(pk=request.GET.get("from") or 0).first()
        if source is None:
            return {}
        return {"definition_yaml": yaml.safe_dump(source.body, allow_unicode=True, sort_keys=False)}

    def save_model(
        self, request: HttpRequest, obj: WorkflowDefinition, form: Any, change: bool
    ) -> None:
        actor = request.user if isinstance(request.user, User) else None
        published = publish_definition(
            data=form.cleaned_data["definition_yaml"], actor=actor, source=DefinitionSource.ADMIN
        )
        obj.pk = published.pk
        obj.__dict__.update(published.__dict__)

    def has_change_permission(
        self, request: HttpRequest, obj: WorkflowDefinition | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: WorkflowDefinition | None = None
    ) -> bool:
        return False


class TransitionInline(admin.TabularInline[TransitionRecord, WorkflowInstance]):
    model = TransitionRecord
    fields = ["step", "action", "from_state", "to_state", "actor", "actor_role", "comment", "at"]
    readonly_fields = ["step", "action", "from_state", "to_state", "actor", "actor_role"]
    readonly_fields += ["comment", "at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkflowInstance)
class WorkflowInstanceAdmin(admin.ModelAdmin[WorkflowInstance]):
    """Read-only: instances move only through the engine."""

    list_display = ["pk", "definition", "district", "state", "acting_role", "state_due_at"]
    list_filter = ["district", "acting_role", "outcome"]
    list_select_related = ["definition", "district"]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
