"""The synthetic city: deterministic per seed, realistic shapes, valid identifiers."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import numpy as np
import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError

from nama.core.identifiers import (
    parse_registry_plate,
    parse_renewal_code,
    validate_legal_id,
    validate_national_id,
    validate_postal_code,
)
from nama.parcels.constants import OwnerKind
from nama.parcels.generator.layout import build_layout
from nama.parcels.models import Building, Owner, Ownership, Parcel, SetbackResult, Unit


def test_the_layout_is_deterministic_per_seed_and_not_only_squares() -> None:
    one, same, other = build_layout(800, 3), build_layout(800, 3), build_layout(800, 4)
    assert len(one) == 800
    assert (shapely.to_wkb(one.parcels) == shapely.to_wkb(same.parcels)).all()
    assert not np.array_equal(shapely.to_wkb(one.parcels), shapely.to_wkb(other.parcels))
    assert shapely.is_valid(one.parcels).all()
    areas = shapely.area(one.parcels)
    assert areas.min() > 100
    assert areas.max() < 1500
    assert 200 < areas.mean() < 450
    vertices = shapely.get_num_coordinates(one.parcels)
    assert (vertices > 5).mean() > 0.2  # corner cuts and kinked dividers
    rectangles = shapely.area(shapely.oriented_envelope(one.parcels)) - areas < 1e-6
    assert rectangles.mean() < 0.2  # jittered: few exact rectangles
    union = shapely.union_all(one.parcels)
    assert union.area == pytest.approx(areas.sum(), rel=1e-9)  # they tile: no overlaps
    assert sorted(one.districts) == list(range(1, 16))


@pytest.mark.django_db
def test_generate_stores_a_valid_city() -> None:
    out = StringIO()
    call_command("parcels", "generate", "--parcels", "400", "--seed", "9", stdout=out)
    assert "400 parcels" in out.getvalue()
    parcels = list(Parcel.objects.all())
    assert len(parcels) == 400
    assert Building.objects.exists()
    assert Unit.objects.exists()
    for parcel in parcels:
        code = parse_renewal_code(parcel.renewal_code)
        assert code.level == "parcel"
        assert code.district == parcel.district.number
        assert validate_postal_code(parcel.postal_code).startswith("81")
        assert parse_registry_plate(parcel.plate_raw).main == tuple(parcel.plate_main)
    for owner in Owner.objects.all():
        if owner.kind == OwnerKind.NATURAL:
            assert validate_national_id(owner.national_id or "") == owner.national_id
        else:
            assert validate_legal_id(owner.legal_id or "") == owner.legal_id
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for share in Ownership.objects.all():
        totals[share.parcel_id] += share.dang
    assert set(totals.values()) == {Decimal(6)}
    assert SetbackResult.objects.filter(setback_area__gt=0).exists()
    with pytest.raises(CommandError):
        call_command("parcels", "generate", "--parcels", "10", stdout=StringIO())
