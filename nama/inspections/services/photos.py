"""Photos taken on the spot: stored by the documents app, placed against the parcel."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.core.problems import NotFoundError
from nama.documents.services import upload_document
from nama.inspections.constants import PHOTO_SLOT
from nama.inspections.models import InspectionPhoto, InspectionReport
from nama.inspections.selectors import NOT_FOUND, photo_is_recent, report_of
from nama.inspections.services.drafts import check_open, locked_report, new_report
from nama.parcels.geometry import load, lonlat_to_storage
from nama.parcels.models import Parcel
from nama.visits.models import Visit

BAD_TIME = "زمان عکس با ساعت سامانه نمی‌خواند؛ ساعت و تاریخ گوشی را بررسی کنید."
BAD_POSITION = "موقعیت عکس نامعتبر است."


@dataclass(frozen=True)
class PhotoIn:
    """What the phone says about a photo: when (its clock), where, and a retry key."""

    taken_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy: float | None = None
    client_key: str = ""


def distance_from_parcel(parcel: Parcel | None, lat: float, lon: float) -> float | None:
    """Metres from the point to the parcel's shape (0 inside), in the storage CRS; None when
    the parcel has no shape."""
    shape = load(parcel.geometry) if parcel is not None else None
    if shape is None or shape.is_empty:
        return None
    x, y = lonlat_to_storage(lon, lat)
    return float(shapely.distance(shape, shapely.Point(x, y)))


def _check(photo: PhotoIn) -> None:
    errors: dict[str, list[str]] = {}
    if photo.taken_at is not None and not photo_is_recent(photo.taken_at):
        errors["taken_at"] = [BAD_TIME]
    if (photo.lat is None) != (photo.lon is None) or not _valid_position(photo):
        errors["position"] = [BAD_POSITION]
    if errors:
        raise ValidationError(errors)


def _valid_position(photo: PhotoIn) -> bool:
    numbers = [v for v in (photo.lat, photo.lon, photo.accuracy) if v is not None]
    if not all(math.isfinite(v) for v in numbers):
        return False
    lat_ok = photo.lat is None or -90 <= photo.lat <= 90
    lon_ok = photo.lon is None or -180 <= photo.lon <= 180
    return lat_ok and lon_ok and (photo.accuracy is None or photo.accuracy >= 0)


def _already(report: InspectionReport | None, key: str) -> InspectionPhoto | None:
    if report is None or not key:
        return None
    return InspectionPhoto.objects.filter(report=report, client_key=key).first()


def add_photo(
    *, actor: User, visit: Visit, file: File[bytes], filename: str, photo: PhotoIn
) -> InspectionPhoto:
    """Store a photo of the visit with its time and position; the same ``client_key`` again
    returns the photo already stored. The file is checked as a JPEG or PNG (re-encoded
    without metadata); a photo farther than ``NAMA_PHOTO_MAX_DISTANCE_M`` from the parcel is
    flagged ``far``. Refused once the report is submitted."""
    if not can(actor, "inspections.fill", visit):
        raise NotFoundError(NOT_FOUND)
    _check(photo)
    key = photo.client_key.strip()[:100]
    existing = _already(report_of(visit), key)
    if existing is not None:
        return existing
    check_open(visit, report_of(visit))
    # Outside the transaction: an infected file's quarantine record must outlive the refusal.
    upload = upload_document(actor=actor, slot=PHOTO_SLOT, file=file, filename=filename)
    with transaction.atomic():
        report = locked_report(visit)
        check_open(visit, report)
        report = report or new_report(visit, actor)
        existing = _already(report, key)
        if existing is not None:
            return existing
        return _create(report, visit, actor, upload_id=upload.pk, photo=photo, key=key)


def _create(
    report: InspectionReport,
    visit: Visit,
    actor: User,
    *,
    upload_id: int,
    photo: PhotoIn,
    key: str,
) -> InspectionPhoto:
    distance = None
    if photo.lat is not None and photo.lon is not None:
        distance = distance_from_parcel(visit.case.parcel, photo.lat, photo.lon)
    limit = float(settings.NAMA_PHOTO_MAX_DISTANCE_M)
    return InspectionPhoto.objects.create(
        report=report,
        upload_id=upload_id,
        taken_at=photo.taken_at or timezone.now(),
        lat=photo.lat,
        lon=photo.lon,
        accuracy=photo.accuracy,
        distance_m=round(distance, 1) if distance is not None else None,
        far=distance is not None and distance > limit,
        client_key=key,
        created_by=actor,
    )
