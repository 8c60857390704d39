"""Public reads: by renewal code, at a point, in a window (bounded, constant queries, never
owner data); the citizen's own parcels; owners visible only to owners and district staff."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
import shapely
from django.core.exceptions import ValidationError
from shapely.geometry import box

from nama.accounts.constants import StaffRole
from nama.accounts.models import LegalPerson, LegalPersonAgent
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG
from nama.parcels.geometry import reproject
from nama.parcels.models import Parcel
from nama.parcels.selectors import (
    owned_parcel,
    owners_visible_to,
    parcel_at_point,
    parcel_by_renewal_code,
    parcels_in_window,
    parcels_owned_by,
)
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import at_centre, make_parcel

pytestmark = pytest.mark.django_db
OWNER_ID = "0499370899"


def _grid(count: int) -> list[Parcel]:
    return [
        make_parcel(
            f"7-1-{1 + i // 10}-{1 + i % 10}-0-0-0",
            box(12 * (i % 10), 25 * (i // 10), 12 * (i % 10) + 12, 25 * (i // 10) + 25),
            address=f"کوچه {i}",
            postal_code="8134767890",
            plate="72/1617",
        )
        for i in range(count)
    ]


def _lonlat(x: float, y: float) -> tuple[float, float]:
    point = reproject(at_centre(shapely.Point(x, y)), STORAGE_EPSG, WGS84_EPSG)
    return point.x, point.y


def _window() -> tuple[float, float, float, float]:
    (lon0, lat0), (lon1, lat1) = _lonlat(-50, -50), _lonlat(300, 300)
    return lon0, lat0, lon1, lat1


def test_a_parcel_by_code_at_a_point_and_its_geojson() -> None:
    parcel = _grid(3)[1]
    found = parcel_by_renewal_code("۷-۱-۱-۲-۰-۰-۰")
    assert found is not None
    assert found.id == parcel.pk
    assert found.map_key == "7-1-1-2"
    assert parcel_by_renewal_code("7-1-1-2-5-3-0") == found  # a unit's code names its parcel
    assert parcel_by_renewal_code("7-1-9-9-0-0-0") is None
    with pytest.raises(ValidationError):
        parcel_by_renewal_code("7-1")
    geometry = found.geometry
    assert geometry is not None
    assert geometry["type"] == "Polygon"
    lon, lat = geometry["coordinates"][0][0]
    assert 51 < lon < 52
    assert 32 < lat < 33
    assert len(str(lon).split(".")[1]) <= 6
    lon, lat = _lonlat(18, 12.5)  # inside parcel 2 (x 12..24)
    hit = parcel_at_point(lat, lon)
    assert hit is not None
    assert hit.id == parcel.pk
    lon, lat = _lonlat(18, 500)
    assert parcel_at_point(lat, lon) is None


def test_the_window_is_bounded_and_public(django_assert_num_queries: Any) -> None:
    parcels = _grid(30)
    set_owners(
        actor=None,
        parcel=parcels[0],
        shares=[ShareData(dang=6, national_id=OWNER_ID, first_name="مریم", last_name="احمدی")],
    )
    window = _window()
    with django_assert_num_queries(2):
        page = parcels_in_window(*window, limit=20)
    assert len(page.parcels) == 20
    assert page.truncated
    with django_assert_num_queries(2):
        whole = parcels_in_window(*window, limit=100_000)
    assert len(whole.parcels) == 30
    assert not whole.truncated
    text = json.dumps(
        [dataclasses.asdict(p) for p in whole.parcels], default=str, ensure_ascii=False
    )
    for private in (OWNER_ID, "احمدی", "8134767890", "72/1617"):
        assert private not in text
    with pytest.raises(ValidationError):
        parcels_in_window(51.7, 32.6, 51.6, 32.7)


def test_citizens_see_their_parcels_and_their_companies() -> None:
    mine, company_parcel, other = _grid(3)
    citizen = make_user(national_id=OWNER_ID, username=OWNER_ID)
    stranger = make_user()
    set_owners(actor=None, parcel=mine, shares=[ShareData(dang=2, national_id=OWNER_ID)])
    set_owners(
        actor=None,
        parcel=company_parcel,
        shares=[ShareData(dang=6, legal_id="10380284790", legal_name="شرکت نمونه")],
    )
    company = LegalPerson.objects.create(
        legal_id="10380284790", name="شرکت نمونه", registered_by=citizen
    )
    LegalPersonAgent.objects.create(legal_person=company, user=citizen, granted_by=citizen)
    assert list(parcels_owned_by(citizen)) == [mine, company_parcel]
    assert owned_parcel(citizen, "7-1-1-1-0-0-0") == mine
    assert owned_parcel(stranger, "7-1-1-1-0-0-0") is None
    assert not parcels_owned_by(stranger).exists()
    assert [s.owner.national_id for s in owners_visible_to(citizen, mine)] == [OWNER_ID]
    assert not owners_visible_to(stranger, mine).exists()
    assert not owners_visible_to(citizen, other).exists()
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    elsewhere = verified(staff_member(StaffRole.DESK_CLERK, 8))
    assert owners_visible_to(clerk, mine).count() == 1
    assert not owners_visible_to(elsewhere, mine).exists()
