"""The figures each source states about a request's property, read where they live.

- applicant: the request's form (``constants.DECLARED_FIELDS`` says which field states what);
- registry: the parcel's deed and map areas, its registered buildings and units;
- permit: the property's latest «permitted» snapshot;
- inspector: the submitted report (the built area is the floors' sum).

Desk officers' figures are stored as they enter them (``services.desk``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from nama.accounts.models import User
from nama.cases.models import Case
from nama.inspections.comparison import observed_figures, stored
from nama.inspections.constants import (
    BASIS_BUILDINGS,
    BASIS_DEED,
    BASIS_MAP,
    DECLARED_FIELDS,
    MEASURES,
    USES,
    Kind,
    Source,
)
from nama.parcels.constants import SnapshotKind
from nama.parcels.models import Parcel, PropertySnapshot
from nama.parcels.selectors import snapshots_of


@dataclass(frozen=True)
class Figure:
    """One figure as one source states it."""

    source: Source
    key: str
    value: Any
    basis: str = ""
    reported_by: User | None = None


def normalised(key: str, raw: Any) -> int | str | None:
    """A figure from elsewhere in the form observations keep (None if unusable)."""
    if raw is None or raw == "":
        return None
    kind = MEASURES[key].kind
    if kind == Kind.CHOICE:
        return str(raw) if str(raw) in USES else None
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        return None
    if kind == Kind.COUNT:
        return int(number)
    return stored(number.quantize(Decimal("0.01")))


def _figure(source: Source, key: str, raw: Any, **extra: Any) -> list[Figure]:
    value = normalised(key, raw)
    return [] if value is None else [Figure(source, key, value, **extra)]


def declared(case: Case) -> list[Figure]:
    """What the applicant declared on the request's form."""
    form = case.form_data or {}
    figures: list[Figure] = []
    for key, fields in DECLARED_FIELDS.items():
        raw = next((form[name] for name in fields if form.get(name) not in (None, "")), None)
        figures += _figure(Source.APPLICANT, key, raw, reported_by=case.applicant)
    return figures


def registered(parcel: Parcel | None) -> list[Figure]:
    """What the property registry says: areas by deed and by map, registered buildings."""
    if parcel is None:
        return []
    figures = _figure(Source.REGISTRY, "land_area", parcel.deed_area, basis=BASIS_DEED)
    figures += _figure(Source.REGISTRY, "land_area", parcel.geometric_area, basis=BASIS_MAP)
    return figures + _buildings(parcel)


def _buildings(parcel: Parcel) -> list[Figure]:
    buildings = list(parcel.buildings.all())
    if not buildings:
        return []
    floors = max(b.floors_above + b.floors_below for b in buildings)
    areas = [b.built_area for b in buildings if b.built_area is not None]
    units = sum(b.units.count() for b in buildings)
    figures = _figure(Source.REGISTRY, "floors", floors, basis=BASIS_BUILDINGS)
    if areas:
        figures += _figure(Source.REGISTRY, "built_area", sum(areas), basis=BASIS_BUILDINGS)
    if units:
        figures += _figure(Source.REGISTRY, "units", units, basis=BASIS_BUILDINGS)
    return figures


SNAPSHOT_FIELDS = {
    "land_area": "land_area",
    "built_area": "total_built_area",
    "floors": "floors",
    "units": "units",
    "use": "land_use",
    "parking_spaces": "parking_spaces",
}


def permitted(parcel: Parcel | None) -> list[Figure]:
    """What the property's latest permit allowed."""
    if parcel is None:
        return []
    snapshot: PropertySnapshot | None = (
        snapshots_of(parcel).filter(kind=SnapshotKind.PERMITTED).select_related("recorded_by")
    ).first()
    if snapshot is None:
        return []
    figures: list[Figure] = []
    for key, field in SNAPSHOT_FIELDS.items():
        figures += _figure(
            Source.PERMIT,
            key,
            getattr(snapshot, field),
            basis=snapshot.source[:60],
            reported_by=snapshot.recorded_by,
        )
    return figures


def observed(values: dict[str, Any], inspector: User) -> list[Figure]:
    """What the inspector saw (a submitted report's cleaned values)."""
    figures: list[Figure] = []
    for key, value in observed_figures(values).items():
        figures += _figure(Source.INSPECTOR, key, value, reported_by=inspector)
    return figures


def recorded_at_submission(case: Case, values: dict[str, Any], inspector: User) -> list[Figure]:
    """Every source's figures but the desk's, as they stand when a report is submitted."""
    return [
        *declared(case),
        *registered(case.parcel),
        *permitted(case.parcel),
        *observed(values, inspector),
    ]
