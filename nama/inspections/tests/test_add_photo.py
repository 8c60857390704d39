"""Photos taken on the spot: time and position kept, distance from the parcel measured, far
ones flagged; a retried upload is stored once; only staff of the district may open them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from pytest_django import Settings

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.core.problems import ConflictError, NotFoundError
from nama.documents.access import may_access
from nama.documents.tests import samples
from nama.inspections.models import InspectionPhoto
from nama.inspections.selectors import checklist_items
from nama.inspections.services import DraftIn, PhotoIn, add_photo, submit_report
from nama.inspections.tests.builders import (
    at_visit,
    lonlat_east_of,
    parcel_centroid_lonlat,
    visit_agent,
)
from nama.visits.models import Visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _photo(visit: Visit, **fields: Any) -> InspectionPhoto:
    return add_photo(
        actor=visit.inspector,
        visit=visit,
        file=ContentFile(samples.jpeg(), name="IMG_0001.jpg"),
        filename="IMG_0001.jpg",
        photo=PhotoIn(**fields),
    )


@pytest.mark.parametrize(
    ("metres", "distance", "far"),
    [(None, 0.0, False), (99, 99.0, False), (101, 101.0, True)],
    ids=["inside", "99 m", "101 m"],
)
def test_a_photo_taken_far_from_the_parcel_is_flagged(
    settings: Settings, metres: int | None, distance: float, far: bool
) -> None:
    settings.NAMA_PHOTO_MAX_DISTANCE_M = 100
    case, visit = at_visit()
    assert case.parcel is not None
    if metres is None:
        lon, lat = parcel_centroid_lonlat(case.parcel)
    else:
        lat, lon = lonlat_east_of(case.parcel, metres)
    taken = timezone.now() - timedelta(minutes=3)

    photo = _photo(visit, lat=lat, lon=lon, accuracy=8.0, taken_at=taken)

    assert photo.distance_m == pytest.approx(distance, abs=0.2)
    assert photo.far is far
    assert (photo.taken_at, photo.accuracy, photo.upload.document_type) == (
        taken,
        8.0,
        "inspection_photo",
    )


def test_a_photo_without_a_position_is_kept_unplaced() -> None:
    _case, visit = at_visit()

    photo = _photo(visit)

    assert (photo.lat, photo.distance_m, photo.far) == (None, None, False)


@pytest.mark.parametrize(
    "fields",
    [
        {"taken_at": timezone.now() + timedelta(hours=2)},
        {"taken_at": timezone.now() - timedelta(days=30)},
        {"lat": 32.65},
        {"lat": 95.0, "lon": 51.6},
    ],
    ids=["clock ahead", "weeks old", "half a position", "off the globe"],
)
def test_an_implausible_time_or_position_is_refused(fields: dict[str, object]) -> None:
    _case, visit = at_visit()

    with pytest.raises(ValidationError):
        _photo(visit, **fields)

    assert not InspectionPhoto.objects.exists()


def test_a_retried_upload_is_stored_once() -> None:
    _case, visit = at_visit()

    first = _photo(visit, client_key="photo-1")
    again = _photo(visit, client_key="photo-1")

    assert again.pk == first.pk
    assert InspectionPhoto.objects.count() == 1


def test_only_the_inspector_adds_photos_and_not_after_submission() -> None:
    _case, visit = at_visit()
    with pytest.raises(NotFoundError):
        add_photo(
            actor=visit_agent(),
            visit=visit,
            file=ContentFile(samples.jpeg(), name="a.jpg"),
            filename="a.jpg",
            photo=PhotoIn(),
        )
    draft = DraftIn(revision=0, checklist={k: {"ok": True} for k in _checklist_keys(visit)})
    submit_report(actor=visit.inspector, visit=visit, submission_key="done", draft=draft)

    with pytest.raises(ConflictError) as refused:
        _photo(visit)

    assert refused.value.code == "already_submitted"
    assert not InspectionPhoto.objects.exists()


def test_staff_of_the_district_may_open_a_photo_and_the_citizen_may_not() -> None:
    owner = make_user()
    _case, visit = at_visit(owner=owner)
    photo = _photo(visit)

    assert may_access(visit.inspector, photo.upload)
    assert may_access(verified(staff_member(StaffRole.PLANNING_OFFICER, 7)), photo.upload)
    assert not may_access(verified(staff_member(StaffRole.PLANNING_OFFICER, 3)), photo.upload)
    assert not may_access(owner, photo.upload)


def _checklist_keys(visit: Visit) -> list[str]:
    return [item.key for item in checklist_items(visit.case)]
