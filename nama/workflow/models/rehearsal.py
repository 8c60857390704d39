"""A rehearsal: a workflow run for nobody — a subject whose facts are set by hand and whose
effects are only written down. Tests walk every definition with it; a rehearsal page for
administrators is not built yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from nama.accounts.models import User
    from nama.workflow.models.engine import TransitionRecord


class Rehearsal(models.Model):
    """Implements ``WorkflowSubject`` with facts set by hand and effects only written down."""

    title = models.CharField("عنوان", max_length=200)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="متقاضی"
    )
    facts = models.JSONField("واقعیت‌ها", default=dict, blank=True)
    effects_log = models.JSONField("اثرهای اجراشده", default=list, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)

    class Meta:
        verbose_name = "اجرای آزمایشی گردش کار"
        verbose_name_plural = "اجراهای آزمایشی گردش کار"

    def __str__(self) -> str:
        return self.title

    def workflow_is_applicant(self, user: User) -> bool:
        return user.pk == self.applicant_id

    def workflow_fact(self, name: str) -> bool:
        return bool(self.facts.get(name, False))

    def workflow_effect(self, name: str, record: TransitionRecord) -> None:
        entry = {"effect": name, "step": record.step}
        # Idempotent: an effect run twice for one step is written down once.
        type(self).objects.filter(pk=self.pk).update(
            effects_log=[*(e for e in self._fresh_log() if e != entry), entry]
        )

    def _fresh_log(self) -> list[dict[str, object]]:
        log: list[dict[str, object]] = (
            type(self).objects.filter(pk=self.pk).values_list("effects_log", flat=True).get()
        )
        return log
