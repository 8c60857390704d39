"""Response bodies of the parcels API (``/api/v1/parcels``), as /api/openapi.json shows them.

Everything here is public: a parcel's code, place, areas, zone and setback. Owners, national IDs,
registry plates and postal codes never appear in these schemas. Areas are m² and lengths m,
rounded to the centimetre; geometries are GeoJSON in EPSG:4326 (``[lon, lat]``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from ninja import Field, Schema

from nama.parcels.constants import StreetKind
from nama.parcels.selectors import SetbackReport

GeoJSONGeometry = dict[str, Any]
_KINDS: Final = dict(StreetKind.choices)


class ParcelPropertiesOut(Schema):
    """The public facts of a parcel (also the properties of each map feature)."""

    renewal_code: str = Field(examples=["7-1-3-12-0-0-0"])
    map_key: str = Field(description="The first four parts of the code.", examples=["7-1-3-12"])
    district: int | None = Field(description="District number.", examples=[7])
    district_name: str = Field(examples=["منطقه ۷"])
    address: str
    zone: str | None = Field(description="Detailed-plan zone code.", examples=["R122"])
    land_use: str | None = Field(examples=["residential"])
    land_use_label: str | None = Field(examples=["مسکونی"])
    density_percent: int | None = Field(examples=[180])
    max_floors: int | None = Field(examples=[4])
    deed_area: float | None = Field(description="Area on the deed, m².")
    geometric_area: float | None = Field(description="Area of the mapped shape, m².")
    setback_area: float | None = Field(
        description="Setback under the current plan version, m² (0: untouched; null: no plan "
        "or not computed)."
    )
    remaining_deed_area: float | None = Field(description="Deed area minus the setback, m².")


class ParcelFeatureOut(Schema):
    """One parcel as a GeoJSON Feature (``id`` is the renewal code)."""

    type: Literal["Feature"] = "Feature"
    id: str = Field(examples=["7-1-3-12-0-0-0"])
    geometry: GeoJSONGeometry | None
    properties: ParcelPropertiesOut


class ParcelCollectionOut(Schema):
    """A page of parcels meeting a window (GeoJSON FeatureCollection, ``application/geo+json``).

    ``truncated`` and ``limit`` are foreign members: ``truncated`` is true when more parcels meet
    the window than were returned; zoom in (a smaller window) to see them all.
    """

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[ParcelFeatureOut]
    truncated: bool
    limit: int = Field(examples=[2000])


class LayerFeatureOut(Schema):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: GeoJSONGeometry | None
    properties: dict[str, Any]


class LayerCollectionOut(Schema):
    """A map layer as a GeoJSON FeatureCollection (``application/geo+json``)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[LayerFeatureOut]


class PlanOut(Schema):
    code: str = Field(examples=["synthetic-1404"])
    title: str
    approved_on: date | None
    approved_on_jalali: str = Field(examples=["۱۴۰۳/۰۱/۰۱"])


class StreetLineOut(Schema):
    id: int
    name: str
    kind: str = Field(examples=["arterial"])
    kind_label: str = Field(examples=["شریانی"])
    planned_width: float | None = Field(description="Planned width, m.")
    geometry: GeoJSONGeometry | None = Field(description="The planned right-of-way polygon.")


class SetbackGeometryOut(Schema):
    parcel: GeoJSONGeometry | None
    setback: GeoJSONGeometry | None = Field(description="The strip the street line takes.")
    remaining: GeoJSONGeometry | None = Field(description="The parcel minus the setback.")


class SetbackReportOut(Schema):
    """A parcel's setback (عقب‌نشینی) under the current plan version and what remains.

    The remaining deed area is the deed area minus the setback; the remaining geometric area is
    the mapped area minus it. Both are given; they differ when the deed and the map disagree.
    """

    renewal_code: str
    plan: PlanOut | None = Field(description="Null: no approved street-widening plan.")
    setback_area: float
    frontage_length: float = Field(
        description="Length of the approved street line inside or along the parcel, m."
    )
    deed_area: float | None
    geometric_area: float | None
    remaining_deed_area: float | None
    remaining_geometric_area: float | None
    areas_differ: bool = Field(description="Deed and geometric areas differ (to 0.01 m²).")
    street_lines: list[StreetLineOut] = Field(description="The street lines that cut the parcel.")
    geometry: SetbackGeometryOut


def _area(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def setback_report_out(report: SetbackReport) -> dict[str, Any]:
    """The ``SetbackReportOut`` body of a report (the API's answer and the property page's map)."""
    plan = None
    if report.plan_version is not None:
        plan = {
            "code": report.plan_version,
            "title": report.plan_title,
            "approved_on": report.plan_approved_on,
            "approved_on_jalali": report.plan_approved_on_jalali,
        }
    return {
        "renewal_code": report.renewal_code,
        "plan": plan,
        "setback_area": float(report.setback_area),
        "frontage_length": float(report.frontage_length),
        "deed_area": _area(report.deed_area),
        "geometric_area": _area(report.geometric_area),
        "remaining_deed_area": _area(report.remaining_deed_area),
        "remaining_geometric_area": _area(report.remaining_geometric_area),
        "areas_differ": report.areas_differ,
        "street_lines": [
            {
                "id": line.id,
                "name": line.name,
                "kind": line.kind,
                "kind_label": _KINDS.get(line.kind, line.kind),
                "planned_width": _area(line.planned_width),
                "geometry": line.geometry,
            }
            for line in report.street_lines
        ],
        "geometry": {
            "parcel": report.parcel_geometry,
            "setback": report.setback_geometry,
            "remaining": report.remaining_geometry,
        },
    }
