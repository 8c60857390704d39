"""What the pages and the API share: visits, reports and discrepancies as plain data."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from nama.accounts.models import User
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.documents.selectors import download_url
from nama.inspections.comparison import display
from nama.inspections.constants import MEASURES, Source
from nama.inspections.models import Discrepancy, InspectionPhoto
from nama.inspections.selectors import ReportState
from nama.inspections.selectors.oversight import Overview
from nama.inspections.selectors.stops import Stop, stop_of
from nama.visits.models import Visit


def report_status(visit: Visit) -> str:
    """none, draft or submitted."""
    report = getattr(visit, "report", None)
    if report is None:
        return "none"
    return "submitted" if report.is_submitted else "draft"


def visit_data(visit: Visit, number: int = 0) -> dict[str, Any]:
    case = visit.case
    parcel = case.parcel
    stop: Stop | None = stop_of(visit, number)
    return {
        "tracking_code": case.tracking_code,
        "service": {"code": case.service.code, "title": case.service.title},
        "renewal_code": parcel.renewal_code if parcel else "",
        "address": parcel.address if parcel else "",
        "district": case.district.name,
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "status": visit.status,
        "report": report_status(visit),
        "lat": stop.lat if stop else None,
        "lon": stop.lon if stop else None,
    }


def photo_data(photo: InspectionPhoto, user: User) -> dict[str, Any]:
    return {
        "id": str(photo.upload.public_id),
        "url": download_url(photo.upload, user),
        "taken_at": photo.taken_at,
        "lat": photo.lat,
        "lon": photo.lon,
        "accuracy": photo.accuracy,
        "distance_m": photo.distance_m,
        "far": photo.far,
    }


def report_data(state: ReportState, user: User) -> dict[str, Any]:
    report = state.report
    return {
        "visit": visit_data(state.visit),
        "revision": state.revision,
        "values": state.values,
        "checklist": state.checklist,
        "notes": state.notes,
        "saved_at": report.saved_at if report else None,
        "submitted_at": report.submitted_at if report else None,
        "open": state.open,
        "checklist_items": [{"key": i.key, "label": i.label} for i in state.items],
        "photos": [photo_data(photo, user) for photo in state.photos],
    }


def case_url(tracking_code: str) -> str:
    """The staff page of a request (``staff:case``)."""
    try:
        return reverse("staff:case", args=[tracking_code])
    except NoReverseMatch:  # the staff pages are mounted by the staff app
        return f"/staff/requests/{tracking_code}/"


def person(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or "—"


def discrepancy_data(row: Discrepancy) -> dict[str, Any]:
    return {
        "tracking_code": row.case.tracking_code,
        "tracking_display": to_persian_digits(format_tracking_code(row.case.tracking_code)),
        "url": case_url(row.case.tracking_code),
        "district": row.district.name,
        "key": row.key,
        "label": MEASURES[row.key].label,
        "source": row.source,
        "source_label": Source(row.source).label,
        "basis": row.basis,
        "reported_value": display(row.key, row.reported_value),
        "observed_value": display(row.key, row.observed_value),
        "tolerance": row.tolerance,
        "reported_by": row.reported_by.display_name if row.reported_by else "—",
        "inspector": row.inspector.display_name,
        "created_at": row.created_at,
    }


def overview_data(overview: Overview) -> dict[str, Any]:
    return {
        "total": overview.total,
        "by_district": [
            {"label": r["district__name"], "count": r["count"], "cases": r["cases"]}
            for r in overview.by_district
        ],
        "by_staff_member": [
            {
                "label": person(r["reported_by__first_name"], r["reported_by__last_name"]),
                "source": Source(r["source"]).label,
                "count": r["count"],
                "cases": r["cases"],
            }
            for r in overview.by_reporter
        ],
        "by_source": [
            {"label": Source(r["source"]).label, "count": r["count"]} for r in overview.by_source
        ],
        "recent": [discrepancy_data(row) for row in overview.recent],
    }
