"""The street-widening plan: versions, their street lines, and the bulk setback run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from nama.accounts.models import User
from nama.parcels.constants import STORAGE_EPSG, PlanStatus, RegistryEventKind, StreetKind
from nama.parcels.geometry import (
    ShapeError,
    bounds,
    clean_polygon,
    dump,
    reproject,
    widen,
)
from nama.parcels.models import PlanVersion, StreetLine
from nama.parcels.selectors import storage_centre
from nama.parcels.services import common
from nama.parcels.setbacks import RecomputeSummary, recompute_plan

MAX_PLANNED_WIDTH = Decimal(200)


def create_plan_version(*, actor: User | None, code: str, title: str) -> PlanVersion:
    """A new draft version of the street-widening plan."""
    with transaction.atomic():
        plan = PlanVersion.objects.create(code=code, title=title)
        common.record(RegistryEventKind.PLAN_SAVED, actor=actor, data={"plan": code})
    return plan


def approve_plan_version(
    *, actor: User | None, plan: PlanVersion, approved_on: date, reference: str = ""
) -> PlanVersion:
    """Make ``plan`` the current version (the previous one is superseded). Its setbacks are
    computed on demand until ``nama parcels setbacks`` stores them."""
    with transaction.atomic():
        PlanVersion.objects.select_for_update().filter(status=PlanStatus.APPROVED).exclude(
            pk=plan.pk
        ).update(status=PlanStatus.SUPERSEDED)
        plan.status = PlanStatus.APPROVED
        plan.approved_on = approved_on
        plan.approval_reference = reference[:100]
        plan.save(update_fields=["status", "approved_on", "approval_reference"])
        common.record(RegistryEventKind.PLAN_APPROVED, actor=actor, data={"plan": plan.code})
    return plan


@dataclass(frozen=True, slots=True)
class StreetLineData:
    """A street line: a right-of-way polygon, or a centre line with its planned width."""

    external_id: str
    name: str = ""
    kind: StreetKind | str = StreetKind.LOCAL
    centre_line: BaseGeometry | None = None
    planned_width: Decimal | str | float | None = None
    right_of_way: BaseGeometry | None = None
    crs: int | str = STORAGE_EPSG


@dataclass(frozen=True, slots=True)
class CleanStreetLine:
    external_id: str
    name: str
    kind: str
    centre_line: Any
    planned_width: Decimal | None
    right_of_way: Any
    repaired: bool


def clean_street_line(data: StreetLineData) -> CleanStreetLine:
    """Validate a street line; raises ``ValidationError`` (Persian message, stable code)."""
    external_id = str(data.external_id).strip()[:64]
    if not external_id:
        raise ValidationError("شناسه بر اصلاحی خالی است.", code="street_line_id")
    if data.kind not in StreetKind.values:
        raise ValidationError("نوع معبر نامعتبر است.", code="street_kind_invalid")
    if (data.centre_line is None) == (data.right_of_way is None):
        raise ValidationError(
            "بر اصلاحی یا محور با عرض مصوب دارد یا چندضلعی حریم.", code="street_line_shape"
        )
    centre, width = None, None
    shape = data.right_of_way
    if data.centre_line is not None:
        centre, width = _centre_and_width(data)
        shape = widen(centre, float(width))
    try:
        polygon, repaired = clean_polygon(
            reproject(shape, data.crs, STORAGE_EPSG) if centre is None else shape,
            storage_centre(),
        )
    except ShapeError as error:
        raise ValidationError(error.message, code=error.code) from error
    return CleanStreetLine(
        external_id, (data.name or "").strip()[:200], str(data.kind), centre, width, polygon,
        repaired,
    )  # fmt: skip


def _centre_and_width(data: StreetLineData) -> tuple[Any, Decimal]:
    centre = reproject(data.centre_line, data.crs, STORAGE_EPSG)
    if centre.geom_type not in {"LineString", "MultiLineString"} or centre.is_empty:
        raise ValidationError("محور معبر باید خط باشد.", code="street_centre_type")
    try:
        width = Decimal(str(data.planned_width))
    except (ArithmeticError, ValueError) as error:
        raise ValidationError("عرض مصوب عدد نیست.", code="planned_width_invalid") from error
    if not width.is_finite() or not 0 < width <= MAX_PLANNED_WIDTH:
        raise ValidationError(
            "عرض مصوب باید بیش از صفر و حداکثر ۲۰۰ متر باشد.", code="planned_width_invalid"
        )
    return centre, round(width, 2)


def apply_street_line(line: StreetLine, data: CleanStreetLine) -> bool:
    """Copy ``data`` onto ``line``; returns whether anything changed."""
    values: dict[str, Any] = {
        "name": data.name,
        "kind": data.kind,
        "centre_line": dump(data.centre_line) if data.centre_line is not None else None,
        "planned_width": data.planned_width,
        "geometry": dump(data.right_of_way),
    }
    values["min_x"], values["min_y"], values["max_x"], values["max_y"] = bounds(data.right_of_way)
    changed = False
    for name, value in values.items():
        old = getattr(line, name)
        if (bytes(old) if isinstance(old, memoryview) else old) != value:
            changed = True
        setattr(line, name, value)
    return changed


def save_street_line(
    *, actor: User | None, plan: PlanVersion, data: StreetLineData
) -> tuple[StreetLine, bool]:
    """Create or update a street line of ``plan`` by its external id (an upsert); the plan's
    stored setbacks become stale until recomputed."""
    cleaned = clean_street_line(data)
    with transaction.atomic():
        line = StreetLine.objects.filter(plan_version=plan, external_id=cleaned.external_id).first()
        created = line is None
        line = line or StreetLine(plan_version=plan, external_id=cleaned.external_id)
        if apply_street_line(line, cleaned) or created:
            line.save()
            mark_stale(plan)
    return line, created


def mark_stale(plan: PlanVersion) -> None:
    """The plan's street lines changed: its stored setbacks no longer cover every parcel."""
    PlanVersion.objects.filter(pk=plan.pk).update(setbacks_computed_at=None)
    plan.setbacks_computed_at = None


def recompute_setbacks(
    *, actor: User | None, plan: PlanVersion, batch_size: int = 20_000
) -> RecomputeSummary:
    """Recompute and store every parcel's setback under ``plan`` (idempotent, in batches)."""
    summary = recompute_plan(plan, batch_size=batch_size)
    with transaction.atomic():
        common.record(
            RegistryEventKind.SETBACKS_COMPUTED,
            actor=actor,
            data={
                "plan": plan.code,
                "parcels": summary.parcels,
                "affected": summary.affected,
                "seconds": round(summary.seconds, 2),
                "at": timezone.now().isoformat(),
            },
        )
    return summary
