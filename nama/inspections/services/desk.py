"""Figures a desk officer reads from the request's documents (deed, drawings, site plan)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.core.problems import NotFoundError
from nama.inspections.comparison import clean_measure
from nama.inspections.constants import DESK_FIELDS, Source
from nama.inspections.models import Observation
from nama.inspections.selectors import latest_submitted_report
from nama.inspections.services.discrepancies import recompute


def _cleaned(values: dict[str, Any]) -> dict[str, int | str | None]:
    cleaned: dict[str, int | str | None] = {}
    errors: dict[str, list[str]] = {}
    for key in DESK_FIELDS:
        try:
            cleaned[key] = clean_measure(key, values.get(key))
        except ValidationError as error:
            errors[key] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def record_desk_figures(*, actor: User, case: Case, values: dict[str, Any]) -> int:
    """Record the desk's figures of ``case`` (an empty one removes it); returns how many
    changed. A figure keeps its first reporter until its value changes. When the request's
    visit report is already submitted its discrepancies are found again."""
    if not can(actor, "inspections.enter_desk_figures", case):
        raise NotFoundError("این درخواست پیدا نشد.")
    cleaned = _cleaned(values)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        changed = sum(_record(case, key, value, actor) for key, value in cleaned.items())
        report = latest_submitted_report(case)
        if changed and report is not None:
            recompute(report)
    return changed


def _record(case: Case, key: str, value: int | str | None, actor: User) -> bool:
    live = Observation.objects.filter(case=case, report__isnull=True, source=Source.DESK, key=key)
    current = live.first()
    if value is None:
        return bool(live.delete()[0])
    if current is not None and current.value == value:
        return False
    if current is None:
        current = Observation(case=case, source=Source.DESK, key=key, value=value)
    current.value = value
    current.reported_by = actor
    current.at = timezone.now()
    current.save()
    return True
