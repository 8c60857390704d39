"""Pieces the registry's services share: the audit row, identifiers, geometry and the
spatial index and setbacks kept in step with parcel rows."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from shapely.geometry.base import BaseGeometry

from nama.accounts.models import User
from nama.core.identifiers import (
    RegistryPlate,
    RenewalCode,
    parse_registry_plate,
    parse_renewal_code,
    validate_postal_code,
)
from nama.core.text import normalize_digits, normalize_persian
from nama.districts.models import District
from nama.districts.selectors import district_by_number
from nama.parcels import spatial_index
from nama.parcels.constants import STORAGE_EPSG, ParcelStatus, RegistryEventKind
from nama.parcels.geometry import ShapeError, bounds, clean_polygon, dump, load_many, reproject
from nama.parcels.models import Parcel, RegistryEvent, SetbackResult
from nama.parcels.selectors import current_plan_version, storage_centre
from nama.parcels.setbacks import RightsOfWay, store


def record(
    kind: RegistryEventKind,
    *,
    actor: User | None,
    parcel: Parcel | None = None,
    data: dict[str, Any] | None = None,
) -> RegistryEvent:
    """Append one registry event (call inside the service's transaction)."""
    return RegistryEvent.objects.create(kind=kind, actor=actor, parcel=parcel, data=data or {})


def parcel_code(value: str | RenewalCode) -> RenewalCode:
    """A renewal code at the parcel level (building, apartment and shop parts zero)."""
    code = value if isinstance(value, RenewalCode) else parse_renewal_code(value)
    if code.level != "parcel":
        raise ValidationError(
            "کد نوسازی قطعه باید بخش‌های ساختمان، آپارتمان و مغازه را صفر داشته باشد.",
            code="renewal_code_not_parcel",
        )
    if code.district == 0 or code.parcel == 0:
        raise ValidationError(
            "بخش‌های منطقه و قطعه کد نوسازی نباید صفر باشند.", code="renewal_code_zero"
        )
    return code


def district_of(code: RenewalCode) -> District:
    """The municipal district the code's first part names."""
    try:
        return district_by_number(code.district)
    except District.DoesNotExist as error:
        raise ValidationError(
            f"منطقه {code.district} در کد نوسازی وجود ندارد.", code="district_unknown"
        ) from error


def plate(value: str) -> RegistryPlate | None:
    text = (value or "").strip()
    return parse_registry_plate(text) if text else None


def postal_code(value: str) -> str:
    text = (value or "").strip()
    return validate_postal_code(text) if text else ""


def deed_area(value: Any) -> Decimal | None:
    """A positive area in m² with at most two decimals (any digit script), or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        area = Decimal(normalize_digits(str(value)).replace("٫", ".").replace(",", "").strip())
    except InvalidOperation as error:
        raise ValidationError("مساحت سند عدد نیست.", code="deed_area_invalid") from error
    if not area.is_finite() or area <= 0 or area >= Decimal("1e10"):
        raise ValidationError("مساحت سند باید عددی مثبت باشد.", code="deed_area_invalid")
    return round(area, 2)


def address(value: str) -> str:
    return normalize_persian(value or "")[:300]


def shape(geometry: BaseGeometry | None, crs: int | str = STORAGE_EPSG) -> tuple[Any, bool]:
    """A storable parcel shape in the storage CRS (see ``geometry.clean_polygon``)."""
    if geometry is None:
        return None, False
    try:
        return clean_polygon(reproject(geometry, crs, STORAGE_EPSG), storage_centre())
    except ShapeError as error:
        raise ValidationError(error.message, code=error.code) from error


def set_shape(parcel: Parcel, geometry: BaseGeometry | None) -> None:
    """Write the WKB, box and geometric area of ``parcel`` (unsaved)."""
    if geometry is None:
        parcel.geometry = None
        parcel.min_x = parcel.min_y = parcel.max_x = parcel.max_y = None
        parcel.geometric_area = None
        return
    parcel.geometry = dump(geometry)
    parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y = bounds(geometry)
    parcel.geometric_area = round(float(geometry.area), 2)


def sync_index(parcels: Sequence[Parcel]) -> None:
    """Bring the spatial index in step with ``parcels`` (same transaction)."""
    indexed = [p for p in parcels if p.geometry is not None and p.status == ParcelStatus.ACTIVE]
    spatial_index.write(
        (p.pk, p.min_x, p.min_y, p.max_x, p.max_y)  # type: ignore[misc]
        for p in indexed
    )
    kept = {id(p) for p in indexed}
    spatial_index.remove(p.pk for p in parcels if id(p) not in kept)


def refresh_setbacks(parcels: Sequence[Parcel], ways: RightsOfWay | None = None) -> None:
    """Replace the stored setbacks of ``parcels``: recomputed under the current plan version
    when its setbacks are stored, dropped for other versions (``nama parcels setbacks``)."""
    SetbackResult.objects.filter(parcel__in=[p.pk for p in parcels]).delete()
    plan = current_plan_version()
    if plan is None or plan.setbacks_computed_at is None:
        return
    shaped = [p for p in parcels if p.geometry is not None and p.status == ParcelStatus.ACTIVE]
    if not shaped:
        return
    if ways is None:
        box = (
            min(p.min_x for p in shaped),  # type: ignore[type-var]
            min(p.min_y for p in shaped),  # type: ignore[type-var]
            max(p.max_x for p in shaped),  # type: ignore[type-var]
            max(p.max_y for p in shaped),  # type: ignore[type-var]
        )
        ways = RightsOfWay.of_plan(plan, within=box)  # type: ignore[arg-type]
    shapes = load_many([p.geometry for p in shaped])
    store(plan, [p.pk for p in shaped], np.asarray(shapes, dtype=object), ways)
