"""The bounding-box index (SQLite R*Tree / PostgreSQL GiST) answers like brute force, and the
services keep it in step with the parcels in the same transaction."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from nama.parcels import spatial_index
from nama.parcels.constants import ParcelStatus
from nama.parcels.models import Parcel
from nama.parcels.services.registry import ParcelData, merge_parcels
from nama.parcels.spatial_index import intersecting
from nama.parcels.tests.factories import make_parcel

coordinate = st.floats(min_value=-500, max_value=500, allow_nan=False)
size = st.floats(min_value=0.5, max_value=120, allow_nan=False)
boxes = st.tuples(coordinate, coordinate, size, size)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[2] >= b[0] and a[0] <= b[2] and a[3] >= b[1] and a[1] <= b[3]


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parcels=st.lists(boxes, min_size=1, max_size=25),
    windows=st.lists(boxes, min_size=1, max_size=5),
)
def test_box_queries_agree_with_brute_force(
    parcels: list[tuple[float, float, float, float]],
    windows: list[tuple[float, float, float, float]],
) -> None:
    Parcel.objects.all().delete()
    for n, (x, y, w, h) in enumerate(parcels, start=1):
        make_parcel(f"7-1-1-{n}-0-0-0", box(x, y, x + w, y + h))
    stored = {
        p.pk: (p.min_x or 0.0, p.min_y or 0.0, p.max_x or 0.0, p.max_y or 0.0)
        for p in Parcel.objects.all()
    }
    x0, y0, _, _ = min(stored.values())
    for x, y, w, h in windows:
        # Windows in the same local metres, moved like the parcels were.
        window = (x0 - parcels[0][0] + x, y0 - parcels[0][1] + y, 0.0, 0.0)
        window = (window[0], window[1], window[0] + w, window[1] + h)
        found = set(Parcel.objects.filter(intersecting(window)).values_list("pk", flat=True))
        expected = {pk for pk, bb in stored.items() if _overlaps(bb, window)}
        assert found == expected


@pytest.mark.django_db
def test_the_index_follows_saves_and_retirements() -> None:
    a = make_parcel("7-1-1-1-0-0-0", box(0, 0, 10, 20))
    b = make_parcel("7-1-1-2-0-0-0", box(10, 0, 20, 20))
    entries = spatial_index.entries()
    if connection.vendor == "sqlite":
        assert entries is not None
        assert set(entries) == {a.pk, b.pk}
    merged = merge_parcels(actor=None, parcels=[a, b], data=ParcelData("7-1-1-3-0-0-0"))
    active = Parcel.objects.filter(status=ParcelStatus.ACTIVE)
    x, y = merged.min_x or 0.0, merged.min_y or 0.0
    hits = set(active.filter(intersecting((x, y, x, y))).values_list("pk", flat=True))
    assert hits == {merged.pk}
    if connection.vendor == "sqlite":
        assert set(spatial_index.entries() or {}) == {merged.pk}
        assert spatial_index.rebuild() == 1
