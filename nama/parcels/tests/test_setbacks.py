"""Setbacks on hand-computed shapes, the vectorised bulk path against per-parcel results, and
the stored results kept per plan version (run on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import numpy as np
import pytest
import shapely
from django.core.management import call_command
from shapely import affinity
from shapely.geometry import LineString, Polygon, box

from nama.parcels.models import SetbackResult
from nama.parcels.selectors import setback_report
from nama.parcels.services.plans import recompute_setbacks
from nama.parcels.setbacks import RightsOfWay
from nama.parcels.tests.factories import make_parcel, make_plan, make_street_line

# A 20 m wide, 30 m deep parcel fronting a street whose approved right-of-way takes 4 m.
PARCEL = box(0, 0, 20, 30)
RIGHT_OF_WAY = box(-50, -10, 70, 4)


def _one(parcel: Polygon, way: Polygon) -> tuple[float, float, float]:
    result = RightsOfWay(np.array([way], dtype=object)).compute(np.array([parcel], dtype=object))
    if not len(result):
        return 0.0, 0.0, float(parcel.area)
    return (
        round(float(result.setback_area[0]), 6),
        round(float(result.frontage_length[0]), 6),
        round(float(result.remaining_area[0]), 6),
    )


def test_a_4m_strip_of_a_20_by_30_parcel() -> None:
    assert _one(PARCEL, RIGHT_OF_WAY) == (80.0, 20.0, 520.0)


def test_the_same_rotated_takes_the_rectangle_fast_path_and_agrees() -> None:
    for angle in (17.0, 45.0, 90.0, 133.0):
        parcel = affinity.rotate(PARCEL, angle, origin=(0, 0))
        way = affinity.rotate(RIGHT_OF_WAY, angle, origin=(0, 0))
        area, frontage, remaining = _one(parcel, way)
        assert (area, frontage, remaining) == pytest.approx((80.0, 20.0, 520.0), abs=1e-6)


def test_a_polygon_right_of_way_takes_the_general_path_and_agrees() -> None:
    way = Polygon([(-50, -10), (70, -10), (70, 4), (10, 4), (-50, 4)])  # not a 4-corner ring
    assert _one(PARCEL, way) == pytest.approx((80.0, 20.0, 520.0), abs=1e-6)


def test_a_parcel_away_from_the_street_has_none() -> None:
    assert _one(box(0, 40, 20, 70), RIGHT_OF_WAY) == (0.0, 0.0, 600.0)


def test_a_parcel_on_the_street_line_has_frontage_but_no_setback() -> None:
    assert _one(box(0, 4, 20, 34), RIGHT_OF_WAY) == (0.0, 20.0, 600.0)


def test_crossing_streets_are_not_counted_twice() -> None:
    # A corner parcel: 4 m taken along the south edge and 3 m along the west edge.
    south, west = box(-50, -10, 70, 4), box(-10, -50, 3, 70)
    ways = RightsOfWay(np.array([south, west], dtype=object))
    result = ways.compute(np.array([PARCEL], dtype=object))
    assert result.setback_area[0] == pytest.approx(20 * 4 + 3 * 26)
    assert result.frontage_length[0] == pytest.approx(17 + 26)  # the street lines inside P
    assert sorted(result.lines_of(0).tolist()) == [0, 1]


def test_bulk_equals_one_parcel_at_a_time() -> None:
    rng = np.random.default_rng(5)
    parcels = [
        affinity.rotate(
            box(x, y, x + rng.uniform(8, 20), y + rng.uniform(15, 30)), rng.uniform(0, 20)
        )
        for x, y in rng.uniform(-200, 200, size=(300, 2))
    ]
    centres = [LineString([(-300, y), (300, y)]) for y in (-100.0, 0.0, 100.0)]
    centres += [affinity.rotate(LineString([(0, -300), (0, 300)]), 30)]
    ways = RightsOfWay(np.asarray(shapely.buffer(centres, 9, cap_style="flat"), dtype=object))
    shapes = np.array(parcels, dtype=object)
    together = ways.compute(shapes)
    assert len(together) > 30
    for i, position in enumerate(together.parcel_index):
        alone = ways.compute(shapes[[position]])
        assert alone.setback_area[0] == pytest.approx(together.setback_area[i], abs=1e-6)
        assert alone.frontage_length[0] == pytest.approx(together.frontage_length[i], abs=1e-6)
        exact = shapely.intersection(shapes[position], shapely.union_all(ways.polygons))
        assert together.setback_area[i] == pytest.approx(exact.area, abs=1e-6)


@pytest.mark.django_db
def test_stored_setbacks_per_plan_version_and_the_report() -> None:
    plan = make_plan()
    make_street_line(plan, "a1", centre=LineString([(-50, -3), (70, -3)]), width=14)
    parcel = make_parcel("7-1-1-1-0-0-0", PARCEL, deed_area="612.50")
    far = make_parcel("7-1-1-2-0-0-0", box(0, 40, 20, 70), deed_area="600")
    before = setback_report(parcel)
    assert not before.stored
    assert before.setback_area == Decimal("80.00")
    recompute_setbacks(actor=None, plan=plan)
    recompute_setbacks(actor=None, plan=plan)  # idempotent
    assert SetbackResult.objects.filter(plan_version=plan).count() == 1
    report = setback_report(parcel)
    assert report.stored
    assert report.plan_version == "plan-1"
    assert (report.setback_area, report.frontage_length) == (Decimal("80.00"), Decimal("20.00"))
    assert report.remaining_geometric_area == Decimal("520.00")
    assert report.remaining_deed_area == Decimal("532.50")
    assert report.areas_differ  # 612.50 on the deed, 600 measured: both remaining areas shown
    assert report.setback_geometry is not None
    assert report.street_lines[0].name == "خیابان a1"
    untouched = setback_report(far)
    assert untouched.stored
    assert untouched.setback_area == 0
    assert untouched.frontage_length == 0
    assert not untouched.areas_differ


@pytest.mark.django_db
def test_the_command_recomputes_after_the_plan_changes() -> None:
    plan = make_plan()
    parcel = make_parcel("7-1-1-1-0-0-0", PARCEL)
    call_command("parcels", "setbacks", stdout=StringIO())
    assert not SetbackResult.objects.exists()
    make_street_line(plan, "a1", right_of_way=RIGHT_OF_WAY)
    plan.refresh_from_db()
    assert plan.setbacks_computed_at is None  # stale until recomputed
    out = StringIO()
    call_command("parcels", "setbacks", "--plan-version", "plan-1", stdout=out)
    assert "1 meet a right-of-way" in out.getvalue()
    stored = SetbackResult.objects.get(parcel=parcel)
    assert (stored.setback_area, stored.frontage_length, stored.remaining_area) == (80, 20, 520)


@pytest.mark.django_db
def test_saving_a_parcel_refreshes_its_stored_setback() -> None:
    plan = make_plan()
    make_street_line(plan, "a1", right_of_way=RIGHT_OF_WAY)
    recompute_setbacks(actor=None, plan=plan)
    parcel = make_parcel("7-1-1-1-0-0-0", box(0, 10, 20, 40))
    assert not SetbackResult.objects.filter(parcel=parcel).exists()
    make_parcel("7-1-1-1-0-0-0", PARCEL)  # the same code: an update moving it onto the street
    assert SetbackResult.objects.get(parcel=parcel).setback_area == 80
