"""Public parcel facts: by renewal code, at a point, in a map window, and the setback report."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Final

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router
from pydantic import WithJsonSchema

from nama.accounts.schemas import ProblemOut
from nama.core.identifiers import RenewalCode
from nama.core.problems import NotFoundError
from nama.parcels.api.geojson import (
    SetbackState,
    geojson_response,
    parcel_collection,
    parcel_feature_text,
)
from nama.parcels.api.inputs import (
    MAX_PARCEL_WINDOW_KM2,
    parse_code,
    parse_coordinate,
    parse_window,
)
from nama.parcels.constants import MAX_WINDOW_PARCELS, ParcelStatus
from nama.parcels.models import Parcel
from nama.parcels.schemas import (
    ParcelCollectionOut,
    ParcelFeatureOut,
    SetbackReportOut,
    setback_report_out,
)
from nama.parcels.selectors import (
    current_plan_version,
    parcel_at_point,
    parcel_by_renewal_code,
    parcels_in_window,
    setback_report,
)

router = Router(tags=["parcels"])

# Seconds a browser may reuse an answer (the registry changes by imports and plan approvals).
WINDOW_MAX_AGE: Final = 60
FEATURE_MAX_AGE: Final = 60
NOT_FOUND: Final = "قطعه‌ای با این کد نوسازی پیدا نشد."
NONE_AT_POINT: Final = "در این نقطه قطعه‌ای ثبت نشده است."

Coordinate = Annotated[
    str, WithJsonSchema({"type": "number", "description": "Decimal degrees (WGS 84)."})
]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a window's features are built.

    The ~2,000 rows, parcels and property dicts of a window live for the request only and die
    by reference counting. Collections in the middle would promote them to the oldest
    generation and soon trigger a full collection of the whole process (~80 ms with Django,
    shapely and pyproj loaded: the window's p95). The collector is always on again afterwards.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _not_found(detail: str) -> NotFoundError:
    return NotFoundError(detail, code="parcel_not_found")


def _parcel_key(code: RenewalCode) -> str:
    return f"{code.district}-{code.region}-{code.block}-{code.parcel}-0-0-0"


@router.get(
    "",
    response={200: ParcelCollectionOut, 422: ProblemOut},
    summary="Parcels in a map window (GeoJSON)",
    description=(
        "Active parcels whose bounding box meets `bbox=min_lon,min_lat,max_lon,max_lat` "
        "(WGS 84), as an `application/geo+json` FeatureCollection in id order, at most `limit` "
        f"(default and maximum {MAX_WINDOW_PARCELS}). `truncated: true` says more parcels meet "
        f"the window: ask for a smaller one. Windows over {MAX_PARCEL_WINDOW_KM2:.0f} km², "
        "reversed or malformed boxes are refused (422). Public facts only."
    ),
)
def parcels_window(
    request: HttpRequest,
    bbox: str,
    limit: Annotated[int, Field(ge=1, le=MAX_WINDOW_PARCELS)] = MAX_WINDOW_PARCELS,
) -> HttpResponse:
    window = parse_window(bbox, max_km2=MAX_PARCEL_WINDOW_KM2)
    with collector_paused():
        state = SetbackState.of(current_plan_version())
        page = parcels_in_window(*window.as_tuple(), limit=limit)
        text = parcel_collection(page.parcels, state, truncated=page.truncated, limit=limit)
    return geojson_response(text, max_age=WINDOW_MAX_AGE)


@router.get(
    "/at",
    response={200: ParcelFeatureOut, 404: ProblemOut, 422: ProblemOut},
    summary="The parcel at a point",
    description=(
        "The active parcel covering the point `lat`, `lon` (WGS 84 decimal degrees; Persian "
        "digits accepted). None there: 404 `parcel_not_found`."
    ),
)
def parcel_at(request: HttpRequest, lat: Coordinate, lon: Coordinate) -> HttpResponse:
    point = (
        parse_coordinate(lat, field="lat", limit=90),
        parse_coordinate(lon, field="lon", limit=180),
    )
    state = SetbackState.of(current_plan_version())
    parcel = parcel_at_point(*point)
    if parcel is None:
        raise _not_found(NONE_AT_POINT)
    return geojson_response(parcel_feature_text(parcel, state), max_age=FEATURE_MAX_AGE)


@router.get(
    "/{renewal_code}",
    response={200: ParcelFeatureOut, 404: ProblemOut, 422: ProblemOut},
    summary="A parcel by renewal code",
    description=(
        "The active parcel named by a renewal code (`7-1-3-12-0-0-0`; any digit script; a "
        "building's or unit's code names its parcel). Unknown: 404 `parcel_not_found`."
    ),
)
def parcel_detail(request: HttpRequest, renewal_code: str) -> HttpResponse:
    code = parse_code(renewal_code)
    state = SetbackState.of(current_plan_version())
    parcel = parcel_by_renewal_code(str(code))
    if parcel is None:
        raise _not_found(NOT_FOUND)
    return geojson_response(parcel_feature_text(parcel, state), max_age=FEATURE_MAX_AGE)


@router.get(
    "/{renewal_code}/setback",
    response={200: SetbackReportOut, 404: ProblemOut, 422: ProblemOut},
    summary="The setback report of a parcel",
    description=(
        "Setback area, affected frontage, remaining deed and geometric areas and the "
        "geometries (parcel, setback strip, remainder, cutting street lines) under the current "
        "street-widening plan version. `plan: null` when no plan is approved."
    ),
)
def parcel_setback(request: HttpRequest, renewal_code: str) -> dict[str, Any]:
    code = parse_code(renewal_code)
    # setback_report works on the model; only the public report leaves this function.
    parcel = Parcel.objects.filter(renewal_code=_parcel_key(code), status=ParcelStatus.ACTIVE)
    found = parcel.first()
    if found is None:
        raise _not_found(NOT_FOUND)
    return setback_report_out(setback_report(found))
