"""The engine's data: versioned definitions, running instances and their history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class DefinitionSource(models.TextChoices):
    FILE = "file", "پرونده مخزن"
    ADMIN = "admin", "ویرایش مدیر سامانه"


class WorkflowDefinition(models.Model):
    """One version of a workflow. Never changed once an instance uses it: edits make a new
    version, and running instances keep the version they started with."""

    code = models.SlugField("کد", max_length=50)
    version = models.PositiveIntegerField("نسخه")
    title = models.CharField("عنوان", max_length=200)
    body = models.JSONField("تعریف")
    checksum = models.CharField("چکیده", max_length=64)
    # Where the version came from: a sync never silently replaces an administrator's version.
    source = models.CharField(
        "منبع", max_length=10, choices=DefinitionSource, default=DefinitionSource.FILE
    )
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "تعریف گردش کار"
        verbose_name_plural = "تعریف‌های گردش کار"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="workflow_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (نسخه {self.version})"


class WorkflowInstance(models.Model):
    """A workflow running for one subject (a citizen's request), in one district."""

    definition = models.ForeignKey(WorkflowDefinition, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="workflow_instances"
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    state = models.CharField("وضعیت", max_length=50)
    # The role that acts in the current state ("" when finished): the work queue's key.
    acting_role = models.CharField("نقش اقدام‌کننده", max_length=40, blank=True)
    state_entered_at = models.DateTimeField("ورود به وضعیت")
    state_due_at = models.DateTimeField("مهلت وضعیت", null=True, blank=True)
    finished_at = models.DateTimeField("پایان", null=True, blank=True)
    outcome = models.CharField("نتیجه", max_length=20, blank=True)
    # Counts transitions: lets a UI say "this changed since you loaded it".
    step = models.PositiveIntegerField("شماره گام", default=0)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)

    class Meta:
        verbose_name = "گردش کار در جریان"
        verbose_name_plural = "گردش‌های کار در جریان"
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="one_workflow_per_subject"
            ),
        ]
        indexes = [
            models.Index(fields=["district", "acting_role", "state_due_at"], name="wf_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.code}:{self.state}"


class TransitionRecord(models.Model):
    """One step of an instance's history (append-only), written with the step itself."""

    instance = models.ForeignKey(WorkflowInstance, on_delete=models.CASCADE, related_name="history")
    step = models.PositiveIntegerField("شماره گام")
    action = models.CharField("اقدام", max_length=50)
    from_state = models.CharField("از وضعیت", max_length=50, blank=True)
    to_state = models.CharField("به وضعیت", max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField("نقش", max_length=40)
    comment = models.TextField("توضیح", blank=True)
    inputs = models.JSONField("ورودی‌ها", default=dict, blank=True)
    at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        verbose_name = "گام گردش کار"
        verbose_name_plural = "گام‌های گردش کار"
        ordering = ["instance", "step"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "step"], name="one_record_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.instance_id}#{self.step} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Workflow history is append-only.")
        super().save(*args, **kwargs)
