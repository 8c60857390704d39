"""Geometry in and out of storage (ADR 0007).

Shapes are stored as 2-D WKB in EPSG:32639 (UTM 39N, metres), where areas and lengths are
computed; web maps get EPSG:4326 GeoJSON (``[lon, lat]``, RFC 7946) with coordinates rounded to
``GEOJSON_DECIMALS`` places (1e-6° ≈ 0.1 m here: finer than a parcel survey, short on the wire).
Every transform uses ``always_xy=True`` so coordinates are always (x/lon, y/lat).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Final

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG

GEOJSON_DECIMALS: Final = 6
Box = tuple[float, float, float, float]
GeometryArray = NDArray[np.object_]


def load(data: bytes | memoryview | None) -> BaseGeometry | None:
    """A shapely geometry from stored WKB (None stays None)."""
    if data is None:
        return None
    geometry: BaseGeometry = shapely.from_wkb(bytes(data))
    return geometry


def load_many(values: Sequence[bytes | memoryview | None]) -> GeometryArray:
    """Vectorised ``load``: an object array of geometries (None for missing)."""
    raw = np.array([bytes(v) if v is not None else None for v in values], dtype=object)
    return np.asarray(shapely.from_wkb(raw), dtype=object)


def dump(geometry: BaseGeometry) -> bytes:
    """2-D WKB of ``geometry`` (no SRID: the storage CRS is fixed)."""
    data: bytes = shapely.to_wkb(geometry, output_dimension=2, include_srid=False)
    return data


def dump_many(geometries: GeometryArray) -> list[bytes | None]:
    return list(shapely.to_wkb(geometries, output_dimension=2, include_srid=False))


def bounds(geometry: BaseGeometry) -> Box:
    min_x, min_y, max_x, max_y = (float(v) for v in shapely.bounds(geometry))
    return min_x, min_y, max_x, max_y


@lru_cache(maxsize=32)
def transformer(source: int | str, target: int | str) -> Transformer:
    """A cached (x, y)-ordered transformer between two CRS (EPSG code or any pyproj input)."""
    return Transformer.from_crs(
        CRS.from_user_input(source), CRS.from_user_input(target), always_xy=True
    )


def reproject(geometries: Any, source: int | str, target: int | str) -> Any:
    """Reproject a geometry or an array of them (vectorised: one PROJ call for all points)."""
    if CRS.from_user_input(source) == CRS.from_user_input(target):
        return geometries
    forward = transformer(source, target)

    def apply(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[Any, Any]:
        return forward.transform(x, y)

    return shapely.transform(geometries, apply, interleaved=False)


def lonlat_to_storage(lon: float, lat: float) -> tuple[float, float]:
    x, y = transformer(WGS84_EPSG, STORAGE_EPSG).transform(lon, lat)
    return float(x), float(y)


def window_to_storage(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> Box:
    """The storage-CRS box covering a lon/lat window (edges densified: UTM bends them)."""
    box = transformer(WGS84_EPSG, STORAGE_EPSG).transform_bounds(
        min_lon, min_lat, max_lon, max_lat, densify_pts=21
    )
    return float(box[0]), float(box[1]), float(box[2]), float(box[3])


def to_geojson_texts(geometries: GeometryArray) -> list[str]:
    """GeoJSON geometry texts in EPSG:4326, rounded, for shapes stored in EPSG:32639."""
    if len(geometries) == 0:
        return []
    forward = transformer(STORAGE_EPSG, WGS84_EPSG)

    def apply(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[Any, Any]:
        lon, lat = forward.transform(x, y)
        return np.round(lon, GEOJSON_DECIMALS), np.round(lat, GEOJSON_DECIMALS)

    lonlat = shapely.transform(np.asarray(geometries, dtype=object), apply, interleaved=False)
    return [str(text) for text in shapely.to_geojson(lonlat)]


def to_geojson(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """One stored-CRS geometry as a GeoJSON dict in EPSG:4326 (None stays None)."""
    if geometry is None or geometry.is_empty:
        return None
    texts = to_geojson_texts(np.array([geometry], dtype=object))
    result: dict[str, Any] = json.loads(texts[0])
    return result


def feature_collection_json(features: Iterable[tuple[str | None, dict[str, Any]]]) -> str:
    """A FeatureCollection text from (geometry GeoJSON text, properties) pairs, without
    re-parsing the geometries (the map window's fast path)."""
    parts = [
        '{"type":"Feature","geometry":'
        + (geometry or "null")
        + ',"properties":'
        + json.dumps(properties, ensure_ascii=False, separators=(",", ":"))
        + "}"
        for geometry, properties in features
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygonal part of an overlay result (touching edges leave lines and points)."""
    if geometry.geom_type in {"Polygon", "MultiPolygon"} or geometry.is_empty:
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in {"Polygon", "MultiPolygon"}]
    if not parts:
        return shapely.Polygon()
    merged: BaseGeometry = shapely.union_all(parts)
    return merged


def is_polygonal(geometry: BaseGeometry) -> bool:
    return geometry.geom_type in {"Polygon", "MultiPolygon"}


def widen(centre_lines: Any, widths: Any) -> Any:
    """Right-of-way polygons: centre lines widened by half the width each side, flat ends
    (a street ending at a crossing stops at the crossing street's centre line)."""
    half = np.asarray(widths, dtype=np.float64) / 2.0
    return shapely.buffer(centre_lines, half, cap_style="flat", join_style="mitre")


CITY_RADIUS_M: Final = 60_000.0  # a shape farther than this from the city centre is misplaced
REPAIR_TOLERANCE: Final = 0.001  # make_valid may change the area by at most 0.1 %


class ShapeError(ValueError):
    """A shape that cannot be stored; ``code`` is stable, ``message`` Persian."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def clean_polygon(geometry: BaseGeometry, centre: tuple[float, float]) -> tuple[Any, bool]:
    """A storable (multi)polygon in the storage CRS and whether it was repaired.

    Invalid shapes are repaired with ``make_valid`` only when the repair keeps the area within
    ``REPAIR_TOLERANCE`` (a duplicate vertex, a tiny spike); a bow-tie or a collapsed ring is
    refused. Rings are oriented counter-clockwise (RFC 7946).
    """
    if geometry is None or geometry.is_empty:
        raise ShapeError("geometry_empty", "هندسه خالی است.")
    if not is_polygonal(geometry):
        raise ShapeError("geometry_type", f"هندسه باید چندضلعی باشد، نه {geometry.geom_type}.")
    if shapely.get_coordinate_dimension(geometry) > 2:
        geometry = shapely.force_2d(geometry)
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ShapeError(
            "geometry_coordinates",
            "مختصات نامعتبر است یا تبدیل نشد (سامانه مختصات فایل درست است؟).",
        )
    repaired = False
    if not geometry.is_valid:
        original = abs(float(shapely.area(geometry)))
        fixed = polygonal(shapely.make_valid(geometry))
        change = abs(float(shapely.area(fixed)) - original)
        if fixed.is_empty or original <= 0 or change > REPAIR_TOLERANCE * original:
            reason = shapely.is_valid_reason(geometry)
            raise ShapeError(
                "geometry_invalid",
                f"هندسه نامعتبر است و ترمیم آن مساحت را تغییر می‌دهد ({reason}).",
            )
        geometry, repaired = fixed, True
    if float(shapely.area(geometry)) <= 0:
        raise ShapeError("geometry_area", "مساحت هندسه صفر است.")
    if shapely.distance(geometry, shapely.Point(centre)) > CITY_RADIUS_M:
        raise ShapeError(
            "geometry_outside_city",
            "هندسه بیرون از محدوده شهر است (سامانه مختصات نادرست است؟).",
        )
    return shapely.orient_polygons(geometry), repaired


def clean_polygons(
    geometries: GeometryArray, centre: tuple[float, float]
) -> tuple[list[Any], list[bool], list[ShapeError | None]]:
    """Vectorised ``clean_polygon`` for a batch: (shapes, repaired flags, errors); a missing
    geometry stays None. Only shapes that need attention are handled one by one."""
    shapes = np.asarray(geometries, dtype=object)
    count = len(shapes)
    result: list[Any] = [None] * count
    repaired, errors = [False] * count, [None] * count  # type: list[bool], list[ShapeError | None]
    if count == 0:
        return result, repaired, errors
    present = ~shapely.is_missing(shapes)
    with np.errstate(invalid="ignore"):  # infinite coordinates (a CRS mistake) are refused below
        ok = _plain_polygons(shapes, present, centre)
    for i, shape in zip(np.flatnonzero(ok), shapely.orient_polygons(shapes[ok]), strict=True):
        result[i] = shape
    for i in np.flatnonzero(present & ~ok):
        try:
            result[i], repaired[i] = clean_polygon(shapes[i], centre)
        except ShapeError as error:
            errors[i] = error
    return result, repaired, errors


def _plain_polygons(
    shapes: GeometryArray, present: NDArray[np.bool_], centre: tuple[float, float]
) -> NDArray[np.bool_]:
    """Valid 2-D (multi)polygons with area, finite coordinates, near the city centre."""
    ok: NDArray[np.bool_] = (
        present
        & np.isin(shapely.get_type_id(shapes), (3, 6))
        & ~shapely.has_z(shapes)
        & shapely.is_valid(shapes)
        & (shapely.area(shapes) > 0)
        & np.isfinite(shapely.bounds(shapes)).all(axis=1)
        & (shapely.distance(shapes, shapely.Point(centre)) <= CITY_RADIUS_M)
    )
    return ok
