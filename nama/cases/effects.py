"""Side effects of workflow steps on a request (``WorkflowSubject.workflow_effect``).

Each (request, step, effect) runs once: a ``CaseEffect`` row is claimed first. Notifications
are handled here; effects owned by other apps (fees, bills, certificates, Article 100 files)
are done by handlers those apps register, and stay pending until they exist.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from nama.cases.models import Case, CaseEffect

if TYPE_CHECKING:
    from nama.workflow.models import TransitionRecord

logger = logging.getLogger(__name__)
EffectHandler = Callable[[Case, "TransitionRecord"], None]
_HANDLERS: dict[str, EffectHandler] = {}


def register_effect(name: str) -> Callable[[EffectHandler], EffectHandler]:
    def decorate(handler: EffectHandler) -> EffectHandler:
        if name in _HANDLERS:
            raise ValueError(f"effect {name!r} has two handlers")
        _HANDLERS[name] = handler
        return handler

    return decorate


def run_effect(case: Case, name: str, record: TransitionRecord) -> None:
    """Do effect ``name`` of step ``record`` once; without a handler, leave it pending."""
    with transaction.atomic():
        effect, _ = CaseEffect.objects.select_for_update().get_or_create(
            case=case, step=record.step, name=name
        )
        if effect.done_at is not None:
            return
        handler = _HANDLERS.get(name)
        if handler is None:
            logger.info("effect %s of %s step %s waits for its handler", name, case, record.step)
            return
        handler(case, record)
        effect.done_at = timezone.now()
        effect.save(update_fields=["done_at"])
