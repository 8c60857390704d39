"""The map's other layers as GeoJSON: district boundaries, streets and widening street lines."""

from __future__ import annotations

from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from ninja import Router

from nama.accounts.schemas import ProblemOut
from nama.parcels.api.geojson import area, geojson_response, layer_collection
from nama.parcels.api.inputs import MAX_LAYER_WINDOW_KM2, parse_window
from nama.parcels.constants import StreetKind
from nama.parcels.schemas import LayerCollectionOut
from nama.parcels.selectors import district_boundaries, street_lines_in_window, streets_in_window

router = Router(tags=["parcels"])

LAYER_MAX_AGE: Final = 300  # seconds: layers change with a new plan version or an import
_KINDS: Final = dict(StreetKind.choices)
_BBOX = (
    "`bbox=min_lon,min_lat,max_lon,max_lat` (WGS 84), at most "
    f"{MAX_LAYER_WINDOW_KM2:,.0f} km²; bad boxes are refused (422)."
)


def _district(row: dict[str, Any]) -> dict[str, Any]:
    return {"number": row["district__number"], "name": row["district__name"]}


def _street(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "kind": row["kind"],
        "kind_label": _KINDS.get(row["kind"], row["kind"]),
        "width": area(row["width"]),
    }


def _street_line(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "kind": row["kind"],
        "kind_label": _KINDS.get(row["kind"], row["kind"]),
        "planned_width": area(row["planned_width"]),
    }


@router.get(
    "/districts",
    response={200: LayerCollectionOut},
    summary="District boundaries (GeoJSON)",
    description="Every active district's boundary; properties `number` and `name`.",
)
def districts_layer(request: HttpRequest) -> HttpResponse:
    text = layer_collection(district_boundaries(), _district)
    return geojson_response(text, max_age=LAYER_MAX_AGE)


@router.get(
    "/streets",
    response={200: LayerCollectionOut, 422: ProblemOut},
    summary="Existing streets in a window (GeoJSON)",
    description=f"Street centre lines meeting {_BBOX} Properties: name, kind, width (m).",
)
def streets_layer(request: HttpRequest, bbox: str) -> HttpResponse:
    window = parse_window(bbox, max_km2=MAX_LAYER_WINDOW_KM2)
    text = layer_collection(streets_in_window(*window.as_tuple()), _street)
    return geojson_response(text, max_age=LAYER_MAX_AGE)


@router.get(
    "/street-lines",
    response={200: LayerCollectionOut, 422: ProblemOut},
    summary="Approved street lines (widening plan) in a window (GeoJSON)",
    description=(
        "Planned right-of-way polygons of the current plan version meeting "
        f"{_BBOX} Properties: name, kind, planned_width (m)."
    ),
)
def street_lines_layer(request: HttpRequest, bbox: str) -> HttpResponse:
    window = parse_window(bbox, max_km2=MAX_LAYER_WINDOW_KM2)
    text = layer_collection(street_lines_in_window(*window.as_tuple()), _street_line)
    return geojson_response(text, max_age=LAYER_MAX_AGE)
