"""Request and response bodies of the inspections API (``/api/v1/staff/inspections``).

Visits are named by their request's tracking code; photos by their upload's public id.
Schemas only parse; the services validate (and say why in Persian).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

# --- In ---------------------------------------------------------------------------------------


class ReportIn(Schema):
    """The report as typed so far, based on the revision the client last saw."""

    revision: int = Field(
        ge=0, description="The report's revision you edited (0 before the first save)."
    )
    values: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "land_area, floors, units, use, setback_observed, parking_spaces (numbers in any "
            "digit script), built_area_by_floor (a list), violations (text)."
        ),
        examples=[{"land_area": "۲۴۰٫۵", "floors": "3", "built_area_by_floor": ["120", "118"]}],
    )
    checklist: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers by checklist key: {ok: true|false|null, note: text}.",
        examples=[{"boundaries_match": {"ok": True, "note": ""}}],
    )
    notes: str = Field("", max_length=4000)


# --- Out --------------------------------------------------------------------------------------


class ServiceBriefOut(Schema):
    code: str = Field(examples=["D15"])
    title: str


class InspectionVisitOut(Schema):
    tracking_code: str = Field(examples=["482913570264"])
    service: ServiceBriefOut
    renewal_code: str
    address: str
    district: str
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description="booked or done.")
    report: str = Field(description="none, draft or submitted.")
    lat: float | None = Field(None, description="A point on the parcel (WGS 84).")
    lon: float | None = None


class ChecklistItemOut(Schema):
    key: str
    label: str


class PhotoOut(Schema):
    id: str = Field(description="The photo's upload id.")
    url: str = Field(description="A short-lived download URL for you.")
    taken_at: datetime
    lat: float | None
    lon: float | None
    accuracy: float | None
    distance_m: float | None = Field(description="Metres from the parcel (0 inside).")
    far: bool = Field(description="Farther from the parcel than the configured limit.")


class ReportOut(Schema):
    visit: InspectionVisitOut
    revision: int
    values: dict[str, Any]
    checklist: dict[str, Any]
    notes: str
    saved_at: datetime | None
    submitted_at: datetime | None
    open: bool = Field(description="Still editable and submittable.")
    checklist_items: list[ChecklistItemOut]
    photos: list[PhotoOut]


class CountOut(Schema):
    label: str
    count: int
    cases: int = 0
    source: str = Field("", description="Per staff member: the source they reported as.")


class DiscrepancyOut(Schema):
    tracking_code: str
    district: str
    key: str
    label: str
    source: str
    source_label: str
    basis: str
    reported_value: str
    observed_value: str
    tolerance: str
    reported_by: str
    inspector: str
    created_at: datetime


class OverviewOut(Schema):
    total: int
    by_district: list[CountOut]
    by_staff_member: list[CountOut]
    by_source: list[CountOut]
    recent: list[DiscrepancyOut]
