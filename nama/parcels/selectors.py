"""Reads of the property registry and its map.

Public selectors (``parcel_by_renewal_code``, ``parcel_at_point``, ``parcels_in_window``,
``setback_report``, the map layers) return public facts only: never owners, national IDs,
registry plates or postal codes. Owner data is read only through ``parcels_owned_by`` and
``owners_visible_to`` (the owner themselves, their company's agents, or district staff).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import FloatField, OuterRef, Q, QuerySet, Subquery, Value

from nama.accounts.authz import can, rule
from nama.accounts.models import User
from nama.accounts.selectors import companies_of
from nama.core.identifiers import parse_renewal_code
from nama.districts.selectors import city_profile
from nama.parcels.constants import (
    AREA_DECIMALS,
    MAX_WINDOW_PARCELS,
    STORAGE_EPSG,
    ParcelStatus,
    PlanStatus,
)
from nama.parcels.geometry import (
    load,
    load_many,
    lonlat_to_storage,
    reproject,
    to_geojson,
    to_geojson_texts,
    window_to_storage,
)
from nama.parcels.models import (
    DistrictBoundary,
    Ownership,
    Parcel,
    ParcelCode,
    PlanVersion,
    PropertySnapshot,
    SetbackResult,
    Street,
    StreetLine,
)
from nama.parcels.setbacks import RightsOfWay
from nama.parcels.spatial_index import intersecting

_PUBLIC_FIELDS = (
    "pk",
    "renewal_code",
    "code_district",
    "code_region",
    "code_block",
    "code_parcel",
    "district__number",
    "district__name",
    "address",
    "zone__code",
    "zone__land_use",
    "zone__density_percent",
    "zone__max_floors",
    "deed_area",
    "geometric_area",
    "geometry",
    "setback_area",
)


@dataclass(frozen=True, slots=True)
class PublicParcel:
    """What anyone may know about a parcel (the map's click, the API's public answers)."""

    id: int
    renewal_code: str
    map_key: str
    district_number: int | None
    district_name: str
    address: str
    zone_code: str | None
    land_use: str | None
    density_percent: int | None
    max_floors: int | None
    deed_area: Decimal | None
    geometric_area: float | None
    setback_area: float | None  # under the current plan version; None: not computed/no plan
    geometry_json: str | None  # GeoJSON geometry text, EPSG:4326

    @property
    def geometry(self) -> dict[str, Any] | None:
        parsed: dict[str, Any] | None = (
            json.loads(self.geometry_json) if self.geometry_json else None
        )
        return parsed

    def properties(self) -> dict[str, Any]:
        """The feature properties (JSON-ready: decimals as strings)."""
        return {
            "id": self.id,
            "renewal_code": self.renewal_code,
            "map_key": self.map_key,
            "district": self.district_number,
            "address": self.address,
            "zone": self.zone_code,
            "land_use": self.land_use,
            "density_percent": self.density_percent,
            "max_floors": self.max_floors,
            "deed_area": str(self.deed_area) if self.deed_area is not None else None,
            "geometric_area": self.geometric_area,
            "setback_area": self.setback_area,
        }


@dataclass(frozen=True, slots=True)
class WindowPage:
    parcels: list[PublicParcel]
    truncated: bool  # more parcels meet the window than ``limit``


# --- Plan versions -------------------------------------------------------------------------------


def current_plan_version() -> PlanVersion | None:
    """The approved (current) version of the street-widening plan, if any."""
    return PlanVersion.objects.filter(status=PlanStatus.APPROVED).first()


def plan_version_by_code(code: str) -> PlanVersion | None:
    return PlanVersion.objects.filter(code=code).first()


@lru_cache(maxsize=1)
def _centre_of(crs_epsg: int, lon: float, lat: float) -> tuple[float, float]:
    if crs_epsg != STORAGE_EPSG:
        raise ImproperlyConfigured(
            f"The city profile's CRS is EPSG:{crs_epsg}; parcels are stored in EPSG:{STORAGE_EPSG}."
        )
    return lonlat_to_storage(lon, lat)


def storage_centre() -> tuple[float, float]:
    """The city centre in the storage CRS (from the city profile)."""
    profile = city_profile()
    return _centre_of(profile.crs_epsg, profile.centre_lon, profile.centre_lat)


# --- Public parcel facts -------------------------------------------------------------------------


def _public_rows(plan: PlanVersion | None) -> QuerySet[Parcel, dict[str, Any]]:
    setback: Any = Value(None, output_field=FloatField())
    if plan is not None:
        setback = Subquery(
            SetbackResult.objects.filter(parcel=OuterRef("pk"), plan_version=plan).values(
                "setback_area"
            )[:1]
        )
    rows: QuerySet[Parcel, dict[str, Any]] = (
        Parcel.objects.filter(status=ParcelStatus.ACTIVE)
        .annotate(setback_area=setback)
        .values(*_PUBLIC_FIELDS)
    )
    return rows


def _public(rows: list[dict[str, Any]], geojson: list[str | None]) -> list[PublicParcel]:
    return [
        PublicParcel(
            id=row["pk"],
            renewal_code=row["renewal_code"],
            map_key=(
                f"{row['code_district']}-{row['code_region']}-"
                f"{row['code_block']}-{row['code_parcel']}"
            ),
            district_number=row["district__number"],
            district_name=row["district__name"],
            address=row["address"],
            zone_code=row["zone__code"],
            land_use=row["zone__land_use"],
            density_percent=row["zone__density_percent"],
            max_floors=row["zone__max_floors"],
            deed_area=row["deed_area"],
            geometric_area=row["geometric_area"],
            setback_area=row["setback_area"],
            geometry_json=text,
        )
        for row, text in zip(rows, geojson, strict=True)
    ]


def _with_geojson(rows: list[dict[str, Any]]) -> list[PublicParcel]:
    shaped = [i for i, row in enumerate(rows) if row["geometry"] is not None]
    texts: list[str | None] = [None] * len(rows)
    converted = to_geojson_texts(load_many([rows[i]["geometry"] for i in shaped]))
    for i, text in zip(shaped, converted, strict=True):
        texts[i] = text
    return _public(rows, texts)


def parcel_by_renewal_code(code: str) -> PublicParcel | None:
    """The active parcel named by ``code`` (any digit script; building/unit codes name their
    parcel); None when unknown. Raises ``ValidationError`` for a malformed code."""
    parsed = parse_renewal_code(code)
    key = f"{parsed.district}-{parsed.region}-{parsed.block}-{parsed.parcel}-0-0-0"
    rows = list(_public_rows(current_plan_version()).filter(renewal_code=key)[:1])
    return _with_geojson(rows)[0] if rows else None


def parcel_at_point(lat: float, lon: float) -> PublicParcel | None:
    """The active parcel covering the WGS 84 point (bbox candidates, then an exact test)."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError("مختصات نقطه نامعتبر است.", code="point_invalid")
    x, y = lonlat_to_storage(lon, lat)
    candidates = list(
        _public_rows(current_plan_version()).filter(intersecting((x, y, x, y))).order_by("pk")
    )
    if not candidates:
        return None
    shapes = load_many([row["geometry"] for row in candidates])
    hits = np.flatnonzero(shapely.covers(shapes, shapely.Point(x, y)))
    return _with_geojson([candidates[hits[0]]])[0] if len(hits) else None


def parcels_in_window(
    min_lon: float,
    min_lat: float,
    max_lon: float,
    max_lat: float,
    limit: int = MAX_WINDOW_PARCELS,
) -> WindowPage:
    """Active parcels whose box meets the WGS 84 window, in id order, at most ``limit``
    (capped at ``MAX_WINDOW_PARCELS``); ``truncated`` says whether more exist."""
    if not (min_lon < max_lon and min_lat < max_lat):
        raise ValidationError("محدوده نقشه نامعتبر است.", code="window_invalid")
    limit = max(1, min(limit, MAX_WINDOW_PARCELS))
    box = window_to_storage(min_lon, min_lat, max_lon, max_lat)
    rows = list(
        _public_rows(current_plan_version()).filter(intersecting(box)).order_by("pk")[: limit + 1]
    )
    return WindowPage(parcels=_with_geojson(rows[:limit]), truncated=len(rows) > limit)


# --- Setback report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StreetLineFact:
    id: int
    name: str
    kind: str
    planned_width: Decimal | None
    geometry: dict[str, Any] | None  # the right-of-way polygon, EPSG:4326


@dataclass(frozen=True, slots=True)
class SetbackReport:
    """A parcel's setback under a plan version, with both remaining areas.

    ``areas_differ`` is true when the deed and geometric areas differ at the reported precision
    (0.01 m²); then both remaining areas are shown. ``stored`` is false when the figures were
    computed on the spot (the plan version's setbacks not stored yet).
    """

    parcel_id: int
    renewal_code: str
    plan_version: str | None
    plan_title: str
    plan_approved_on: date | None
    plan_approved_on_jalali: str
    stored: bool
    setback_area: Decimal
    frontage_length: Decimal
    deed_area: Decimal | None
    geometric_area: Decimal | None
    remaining_deed_area: Decimal | None
    remaining_geometric_area: Decimal | None
    areas_differ: bool
    parcel_geometry: dict[str, Any] | None
    setback_geometry: dict[str, Any] | None
    remaining_geometry: dict[str, Any] | None
    street_lines: list[StreetLineFact] = field(default_factory=list)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else round(Decimal(repr(float(value))), AREA_DECIMALS)


def setback_report(parcel: Parcel, plan_version: PlanVersion | None = None) -> SetbackReport:
    """The setback of ``parcel`` under ``plan_version`` (default: the current one)."""
    plan = plan_version or current_plan_version()
    shape = load(parcel.geometry)
    area, frontage, setback, stored = 0.0, 0.0, None, False
    line_ids: list[int] = []
    if plan is not None and shape is not None:
        area, frontage, setback, line_ids, stored = _figures(parcel, shape, plan)
    geometric = float(shapely.area(shape)) if shape is not None else None
    deed = parcel.deed_area
    setback_d = _decimal(area) or Decimal("0.00")
    remaining_shape = shape.difference(setback) if shape is not None and setback else shape
    return SetbackReport(
        parcel_id=parcel.pk,
        renewal_code=parcel.renewal_code,
        plan_version=plan.code if plan else None,
        plan_title=plan.title if plan else "",
        plan_approved_on=plan.approved_on if plan else None,
        plan_approved_on_jalali=plan.approved_on_jalali if plan else "",
        stored=stored,
        setback_area=setback_d,
        frontage_length=_decimal(frontage) or Decimal("0.00"),
        deed_area=deed,
        geometric_area=_decimal(geometric),
        remaining_deed_area=max(deed - setback_d, Decimal("0.00")) if deed is not None else None,
        remaining_geometric_area=_decimal(max(geometric - area, 0.0)) if geometric else None,
        areas_differ=(deed is not None and geometric is not None and deed != _decimal(geometric)),
        parcel_geometry=to_geojson(shape),
        setback_geometry=to_geojson(setback),
        remaining_geometry=to_geojson(remaining_shape),
        street_lines=_street_line_facts(line_ids),
    )


def _figures(
    parcel: Parcel, shape: Any, plan: PlanVersion
) -> tuple[float, float, Any, list[int], bool]:
    result = SetbackResult.objects.filter(parcel=parcel, plan_version=plan).first()
    if result is not None:
        geometry = load(result.setback_geometry)
        return (
            result.setback_area,
            result.frontage_length,
            geometry,
            list(result.street_line_ids),
            True,
        )
    if plan.setbacks_computed_at is not None and parcel.updated_at <= plan.setbacks_computed_at:
        return 0.0, 0.0, None, [], True  # computed for the whole city: this parcel untouched
    bounds = (parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y)
    ways = RightsOfWay.of_plan(plan, within=bounds)  # type: ignore[arg-type]
    bulk = ways.compute(np.array([shape], dtype=object))
    if not len(bulk):
        return 0.0, 0.0, None, [], False
    geometry = bulk.geometry[0] if bulk.setback_area[0] > 0 else None
    ids = [int(pk) for pk in ways.ids[bulk.lines_of(0)]]
    return float(bulk.setback_area[0]), float(bulk.frontage_length[0]), geometry, ids, False


def _street_line_facts(ids: list[int]) -> list[StreetLineFact]:
    lines = StreetLine.objects.filter(pk__in=ids).order_by("pk")
    return [
        StreetLineFact(
            id=line.pk,
            name=line.name,
            kind=line.kind,
            planned_width=line.planned_width,
            geometry=to_geojson(load(line.geometry)),
        )
        for line in lines
    ]


# --- Map layers ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MapFeature:
    id: int
    properties: dict[str, Any]
    geometry_json: str | None


def _features(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[MapFeature]:
    texts = to_geojson_texts(load_many([row["geometry"] for row in rows]))
    return [
        MapFeature(row["pk"], {k: _jsonable(row[k]) for k in keys}, text)
        for row, text in zip(rows, texts, strict=True)
    ]


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _box_filter(box: tuple[float, float, float, float]) -> Q:
    x0, y0, x1, y1 = box
    return Q(min_x__lte=x1, max_x__gte=x0, min_y__lte=y1, max_y__gte=y0)


def street_lines_in_window(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float, plan: PlanVersion | None = None
) -> list[MapFeature]:
    """Right-of-way polygons of the (current) plan version meeting the window."""
    plan = plan or current_plan_version()
    if plan is None:
        return []
    box = window_to_storage(min_lon, min_lat, max_lon, max_lat)
    keys = ("name", "kind", "planned_width")
    rows = list(
        StreetLine.objects.filter(_box_filter(box), plan_version=plan)
        .order_by("pk")
        .values("pk", "geometry", *keys)
    )
    return _features(rows, keys)


def streets_in_window(
    min_lon: float, min_lat: float, max_lon: float, max_lat: float
) -> list[MapFeature]:
    """Existing street centre lines meeting the window."""
    box = window_to_storage(min_lon, min_lat, max_lon, max_lat)
    keys = ("name", "kind", "width")
    rows = list(
        Street.objects.filter(_box_filter(box)).order_by("pk").values("pk", "geometry", *keys)
    )
    return _features(rows, keys)


def district_boundaries() -> list[MapFeature]:
    """The districts' boundaries (the map's district layer)."""
    keys = ("district__number", "district__name")
    rows = list(
        DistrictBoundary.objects.filter(district__is_active=True)
        .order_by("district__number")
        .values("pk", "geometry", *keys)
    )
    return _features(rows, keys)


# --- Owners (never public) -----------------------------------------------------------------------


def _owner_filter(user: User) -> Q:
    """Active shares held by the user (by national ID) or by a company the user acts for."""
    held = Q(pk__in=[])
    if user.national_id:
        held |= Q(owner__national_id=user.national_id)
    companies = companies_of(user).values("legal_id")
    return Q(ended_at__isnull=True) & (held | Q(owner__legal_id__in=companies))


def parcels_owned_by(user: User) -> QuerySet[Parcel]:
    """Active parcels in which the user (or a company the user is an agent of) holds a share,
    or holds a share of one of its units."""
    if not user.is_active:
        return Parcel.objects.none()
    shares = Ownership.objects.filter(_owner_filter(user)).values("parcel_id")
    return (
        Parcel.objects.filter(status=ParcelStatus.ACTIVE, pk__in=shares)
        .select_related("district", "zone")
        .order_by("renewal_code")
    )


def owned_parcel(user: User, renewal_code: str) -> Parcel | None:
    """The user's own parcel named by ``renewal_code`` (unknown and not-yours look the same)."""
    parsed = parse_renewal_code(renewal_code)
    key = f"{parsed.district}-{parsed.region}-{parsed.block}-{parsed.parcel}-0-0-0"
    return parcels_owned_by(user).filter(renewal_code=key).first()


def owners_visible_to(user: User, parcel: Parcel) -> QuerySet[Ownership]:
    """The parcel's active shares, for its owners and for staff of its district; else none."""
    if not can(user, "parcels.view_owners", parcel):
        return Ownership.objects.none()
    return (
        Ownership.objects.filter(parcel=parcel, ended_at__isnull=True)
        .select_related("owner", "unit")
        .order_by("unit_id", "-dang", "pk")
    )


@rule("parcels.view_owners")
def _view_owners(user: User, parcel: Parcel) -> bool:
    if Ownership.objects.filter(_owner_filter(user), parcel=parcel).exists():
        return True
    return can(user, "districts.view", parcel.district)


# --- History and snapshots ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodeHistory:
    codes: list[ParcelCode]
    predecessors: list[Parcel]
    successors: list[Parcel]


def code_history(parcel: Parcel) -> CodeHistory:
    """The parcel's renewal codes over time and the parcels it came from / went into."""
    return CodeHistory(
        codes=list(parcel.code_history.order_by("valid_from", "pk")),
        predecessors=list(Parcel.objects.filter(successor_links__successor=parcel).order_by("pk")),
        successors=list(
            Parcel.objects.filter(predecessor_links__predecessor=parcel).order_by("pk")
        ),
    )


def resolve_renewal_code(code: str) -> list[Parcel]:
    """The active parcels a code names today: itself, its re-coded parcel, or the parcels a
    split or merger made from it (followed through later changes)."""
    parsed = parse_renewal_code(code)
    key = f"{parsed.district}-{parsed.region}-{parsed.block}-{parsed.parcel}-0-0-0"
    start = set(ParcelCode.objects.filter(renewal_code=key).values_list("parcel_id", flat=True))
    seen, frontier = set(start), set(start)
    while frontier:
        following = set(
            Parcel.objects.filter(predecessor_links__predecessor__in=frontier).values_list(
                "pk", flat=True
            )
        )
        frontier = following - seen
        seen |= frontier
    return list(
        Parcel.objects.filter(pk__in=seen, status=ParcelStatus.ACTIVE)
        .select_related("district")
        .order_by("pk")
    )


def snapshots_of(parcel: Parcel) -> QuerySet[PropertySnapshot]:
    """The parcel's figure snapshots, newest first within each kind."""
    return PropertySnapshot.objects.filter(parcel=parcel).order_by("kind", "-as_of", "-pk")


def parcel_geometry_lonlat(parcel: Parcel) -> Any:
    """The parcel's shape in EPSG:4326 (a shapely geometry), or None."""
    shape = load(parcel.geometry)
    return None if shape is None else reproject(shape, STORAGE_EPSG, 4326)
