"""Effects of workflow steps, run after the step's transaction commits."""

from __future__ import annotations

import logging

from django.tasks import task

from nama.workflow import registry
from nama.workflow.context import EffectContext, WorkflowSubject
from nama.workflow.models import TransitionRecord

logger = logging.getLogger(__name__)


@task()
def run_effect(record_id: int, name: str) -> None:
    """Run effect ``name`` of one recorded step (effects are idempotent by contract)."""
    record = TransitionRecord.objects.select_related("instance").get(pk=record_id)
    subject = record.instance.subject
    if not isinstance(subject, WorkflowSubject):
        raise TypeError(f"{type(subject).__name__} does not implement WorkflowSubject")
    registry.effects[name](EffectContext(record.instance, record, subject))
    logger.info("workflow effect %s ran for step %s", name, record_id)


@task()
def load_upcoming_holidays() -> None:
    """Periodic: official holidays of this Jalali year and the next stay loaded (idempotent;
    administrators' edits are kept)."""
    from nama.core.jalali import tehran_today, to_jalali
    from nama.workflow.calendar import load_official_holidays

    current = int(to_jalali(tehran_today()).year)
    for year in (current, current + 1):
        load_official_holidays(jalali_year=year)
