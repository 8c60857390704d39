"""Where the inspector's visits are: a point and the parcel's outline in lon/lat per visit,
for the phone's map of the day and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nama.parcels.geometry import load, to_geojson
from nama.parcels.selectors import parcel_geometry_lonlat
from nama.visits.models import Visit


@dataclass(frozen=True)
class Stop:
    """One visit on the map: its order in the list, a point to pin, the parcel's outline."""

    number: int
    tracking_code: str
    lat: float
    lon: float
    outline: dict[str, Any] | None

    def feature(self, label: str) -> dict[str, Any]:
        return {
            "type": "Feature",
            "geometry": self.outline,
            "properties": {
                "number": self.number,
                "code": self.tracking_code,
                "lat": self.lat,
                "lon": self.lon,
                "label": label,
            },
        }


def stop_of(visit: Visit, number: int) -> Stop | None:
    """The visit's parcel as a map stop (None when the parcel has no shape)."""
    parcel = visit.case.parcel
    if parcel is None:
        return None
    shape = parcel_geometry_lonlat(parcel)
    if shape is None or shape.is_empty:
        return None
    point = shape.representative_point()
    return Stop(
        number=number,
        tracking_code=visit.case.tracking_code,
        lat=round(float(point.y), 6),
        lon=round(float(point.x), 6),
        outline=_outline(parcel.geometry),
    )


def _outline(wkb: bytes | memoryview | None) -> dict[str, Any] | None:
    return to_geojson(load(wkb))
