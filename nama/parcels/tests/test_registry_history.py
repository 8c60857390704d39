"""Renewal-code history through re-coding, splits (تفکیک) and mergers (تجمیع)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import box

from nama.parcels.constants import CodeChange, ParcelStatus
from nama.parcels.models import Ownership, Parcel, ParcelCode, RegistryEvent
from nama.parcels.selectors import code_history, resolve_renewal_code
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.services.registry import (
    ParcelData,
    merge_parcels,
    recode_parcel,
    save_parcel,
    split_parcel,
)
from nama.parcels.tests.factories import at_centre, make_parcel

pytestmark = pytest.mark.django_db


def test_saving_twice_is_one_parcel_and_an_unchanged_save_writes_nothing() -> None:
    first = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30), deed_area="600")
    again, created = save_parcel(
        actor=None,
        data=ParcelData("7-1-1-1-0-0-0", at_centre(box(0, 0, 20, 30)), deed_area="600.00"),
    )
    assert again.pk == first.pk
    assert not created
    assert RegistryEvent.objects.filter(parcel=first).count() == 1
    assert ParcelCode.objects.filter(parcel=first).count() == 1


def test_recoding_keeps_the_old_code_in_the_history() -> None:
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30))
    recode_parcel(actor=None, parcel=parcel, renewal_code="8-2-3-4-0-0-0")
    parcel.refresh_from_db()
    assert parcel.renewal_code == "8-2-3-4-0-0-0"
    assert parcel.district.number == 8
    codes = code_history(parcel).codes
    assert [(c.renewal_code, c.started_by, c.ended_by) for c in codes] == [
        ("7-1-1-1-0-0-0", CodeChange.CREATED, CodeChange.RECODED),
        ("8-2-3-4-0-0-0", CodeChange.RECODED, ""),
    ]
    assert resolve_renewal_code("7-1-1-1-0-0-0") == [parcel]


def test_a_split_retires_the_parcel_and_its_owners_hold_the_parts() -> None:
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30), deed_area="600")
    set_owners(actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id="0499370899")])
    west, east = split_parcel(
        actor=None,
        parcel=parcel,
        parts=[
            ParcelData("7-1-1-10-0-0-0", at_centre(box(0, 0, 10, 30)), deed_area="300"),
            ParcelData("7-1-1-11-0-0-0", at_centre(box(10, 0, 20, 30)), deed_area="300"),
        ],
    )
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.RETIRED
    history = code_history(parcel)
    assert history.codes[-1].ended_by == CodeChange.SPLIT
    assert history.successors == [west, east]
    assert code_history(west).predecessors == [parcel]
    assert code_history(west).codes[0].started_by == CodeChange.SPLIT
    assert {o.parcel_id for o in Ownership.objects.filter(ended_at__isnull=True)} >= {
        west.pk,
        east.pk,
    }
    assert resolve_renewal_code("7-1-1-1-0-0-0") == [west, east]
    with pytest.raises(ValidationError):
        save_parcel(actor=None, data=ParcelData("7-1-1-1-0-0-0"))  # a retired code


def test_a_merge_then_a_lookup_of_an_old_code_finds_the_merged_parcel() -> None:
    a = make_parcel("7-1-1-1-0-0-0", box(0, 0, 10, 30), deed_area="300")
    b = make_parcel("7-1-1-2-0-0-0", box(10, 0, 20, 30), deed_area="301")
    merged = merge_parcels(actor=None, parcels=[a, b], data=ParcelData("7-1-1-20-0-0-0"))
    assert merged.deed_area == 601
    assert merged.geometric_area == pytest.approx(600)
    assert set(code_history(merged).predecessors) == {a, b}
    assert resolve_renewal_code("7-1-1-2-0-0-0") == [merged]
    assert Parcel.objects.filter(status=ParcelStatus.ACTIVE).count() == 1


def test_a_split_that_leaves_the_parcel_changes_nothing() -> None:
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 0, 20, 30))
    with pytest.raises(ValidationError):
        split_parcel(
            actor=None,
            parcel=parcel,
            parts=[
                ParcelData("7-1-1-10-0-0-0", at_centre(box(0, 0, 10, 30))),
                ParcelData("7-1-1-11-0-0-0", at_centre(box(10, 0, 40, 30))),
            ],
        )
    assert Parcel.objects.count() == 1
    assert Parcel.objects.get().status == ParcelStatus.ACTIVE
