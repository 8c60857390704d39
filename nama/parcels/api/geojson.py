"""GeoJSON out of the public selectors: parcel features and map layers.

Geometry texts come from the selectors already in EPSG:4326 and are spliced into the answer
without being parsed again (the map window's fast path).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.http import HttpResponse

from nama.parcels.constants import LandUse
from nama.parcels.models import PlanVersion
from nama.parcels.selectors import MapFeature, PublicParcel

GEOJSON_CONTENT_TYPE: Final = "application/geo+json"
_LAND_USES: Final = dict(LandUse.choices)


def area(value: float | Decimal | None) -> float | None:
    """m² or m rounded to the centimetre, as a JSON number."""
    return None if value is None else round(float(value), 2)


@dataclass(frozen=True, slots=True)
class SetbackState:
    """How to read a parcel without a stored setback under the current plan version."""

    computed: bool  # the plan's setbacks are stored for the whole city: no row means none

    @classmethod
    def of(cls, plan: PlanVersion | None) -> SetbackState:
        return cls(computed=plan is not None and plan.setbacks_computed_at is not None)

    def setback(self, value: float | None) -> float | None:
        if value is None:
            return 0.0 if self.computed else None
        return area(value)


def parcel_properties(parcel: PublicParcel, state: SetbackState) -> dict[str, Any]:
    """The public facts of ``parcel`` (``ParcelPropertiesOut``)."""
    deed = area(parcel.deed_area)
    setback = state.setback(parcel.setback_area)
    remaining = None
    if deed is not None and setback is not None:
        remaining = round(max(deed - setback, 0.0), 2)
    return {
        "renewal_code": parcel.renewal_code,
        "map_key": parcel.map_key,
        "district": parcel.district_number,
        "district_name": parcel.district_name,
        "address": parcel.address,
        "zone": parcel.zone_code,
        "land_use": parcel.land_use,
        "land_use_label": _LAND_USES.get(parcel.land_use) if parcel.land_use else None,
        "density_percent": parcel.density_percent,
        "max_floors": parcel.max_floors,
        "deed_area": deed,
        "geometric_area": area(parcel.geometric_area),
        "setback_area": setback,
        "remaining_deed_area": remaining,
    }


def parcel_feature_text(parcel: PublicParcel, state: SetbackState) -> str:
    """One parcel as a GeoJSON Feature (``ParcelFeatureOut``), its geometry text spliced in."""
    return (
        '{"type":"Feature","id":'
        + _dumps(parcel.renewal_code)
        + ',"geometry":'
        + (parcel.geometry_json or "null")
        + ',"properties":'
        + _dumps(parcel_properties(parcel, state))
        + "}"
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Stands for each feature's geometry in one json.dumps of the whole collection; the geometry
# texts are then put in its places. A NUL cannot come from our text fields (PostgreSQL refuses
# it); should one appear anyway, the slower feature-by-feature path is taken.
_SLOT: Final = "\u0000geometry\u0000"
_SLOT_JSON: Final = _dumps(_SLOT)


def collection_text(
    features: Iterable[tuple[Any, str | None, Mapping[str, Any]]],
    members: Mapping[str, Any] | None = None,
) -> str:
    """A FeatureCollection from (id, geometry text, properties) with foreign ``members``;
    geometry texts are spliced in, never parsed and encoded again."""
    rows = list(features)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": fid, "geometry": _SLOT, "properties": properties}
            for fid, _, properties in rows
        ],
        **(members or {}),
    }
    pieces = _dumps(collection).split(_SLOT_JSON)
    if len(pieces) != len(rows) + 1:
        return _collection_text_slowly(rows, members)
    parts = [pieces[0]]
    for (_, geometry, _), piece in zip(rows, pieces[1:], strict=True):
        parts += (geometry or "null", piece)
    return "".join(parts)


def _collection_text_slowly(
    rows: list[tuple[Any, str | None, Mapping[str, Any]]], members: Mapping[str, Any] | None
) -> str:
    features = [
        '{"type":"Feature","id":'
        + _dumps(fid)
        + ',"geometry":'
        + (geometry or "null")
        + ',"properties":'
        + _dumps(properties)
        + "}"
        for fid, geometry, properties in rows
    ]
    extra = "".join(f",{_dumps(key)}:{_dumps(value)}" for key, value in (members or {}).items())
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]" + extra + "}"


def parcel_collection(
    parcels: list[PublicParcel], state: SetbackState, *, truncated: bool, limit: int
) -> str:
    rows = (
        (parcel.renewal_code, parcel.geometry_json, parcel_properties(parcel, state))
        for parcel in parcels
    )
    return collection_text(rows, {"truncated": truncated, "limit": limit})


def layer_collection(
    features: list[MapFeature], properties: Callable[[dict[str, Any]], dict[str, Any]]
) -> str:
    """A layer's features, each selector row's properties reshaped by ``properties``."""
    rows = (
        (feature.id, feature.geometry_json, properties(feature.properties)) for feature in features
    )
    return collection_text(rows)


def geojson_response(text: str, *, max_age: int) -> HttpResponse:
    """A GeoJSON answer that browsers and proxies may keep for ``max_age`` seconds."""
    response = HttpResponse(text, content_type=GEOJSON_CONTENT_TYPE)
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
