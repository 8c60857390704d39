"""`nama parcels import`: GeoJSON, CSV with WKT and Shapefile; CRS handling; idempotent
upserts; every bad row reported with its number and reason, and nothing of it applied."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import LineString, box, mapping

from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG, ImportKind
from nama.parcels.geometry import load, reproject
from nama.parcels.importers.run import import_file
from nama.parcels.models import ImportRun, Parcel, StreetLine
from nama.parcels.tests.factories import at_centre, make_plan

pytestmark = pytest.mark.django_db


def _lonlat(geometry: Any) -> Any:
    return reproject(at_centre(geometry), STORAGE_EPSG, WGS84_EPSG)


def _feature(code: str, geometry: Any, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"renewal_code": code, **properties},
        "geometry": mapping(geometry) if geometry is not None else None,
    }


def _geojson(path: Path, features: list[dict[str, Any]], **members: Any) -> Path:
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", **members, "features": features}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    return path


def test_geojson_in_wgs84_is_upserted_idempotently(tmp_path: Path) -> None:
    features = [
        _feature(
            f"7-1-1-{n}-0-0-0",
            _lonlat(box(20 * n, 0, 20 * n + 20, 30)),
            deed_area="600",
            address="خيابان نظر",
        )
        for n in range(1, 4)
    ]
    path = _geojson(tmp_path / "parcels.geojson", features)
    first = import_file(path)
    assert (first.total, first.created, first.rejected) == (3, 3, [])
    parcel = Parcel.objects.get(renewal_code="7-1-1-2-0-0-0")
    assert parcel.geometric_area == pytest.approx(600, abs=0.01)
    assert parcel.address == "خیابان نظر"  # Arabic yeh stored as Persian
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    features[1]["properties"]["deed_area"] = "612.5"
    changed = import_file(_geojson(path, features))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert Parcel.objects.count() == 3
    assert ImportRun.objects.count() == 3


def test_a_known_point_is_transformed_from_wgs84(tmp_path: Path) -> None:
    # 51°E is UTM zone 39's central meridian: x = 500 000 m exactly; the city centre
    # (51.6696 E, 32.6558 N) is at about (562 793.6, 3 613 327.9).
    square = box(51.6696, 32.6558, 51.6698, 32.656)
    path = _geojson(tmp_path / "p.geojson", [_feature("7-1-1-1-0-0-0", square)])
    assert import_file(path).created == 1
    stored = load(Parcel.objects.get().geometry)
    assert stored is not None
    corner = shapely.Point(562793.59, 3613327.95)
    assert shapely.distance(shapely.MultiPoint(stored.exterior.coords), corner) < 0.01
    x, _ = reproject(shapely.Point(51.0, 32.6558), WGS84_EPSG, STORAGE_EPSG).coords[0]
    assert x == pytest.approx(500_000, abs=1e-6)


def test_the_legacy_crs_member_and_the_crs_option(tmp_path: Path) -> None:
    projected = at_centre(box(0, 0, 20, 30))
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32639"}}
    path = _geojson(tmp_path / "utm.geojson", [_feature("7-1-1-1-0-0-0", projected)], crs=crs)
    assert import_file(path).created == 1
    plain = _geojson(tmp_path / "plain.geojson", [_feature("7-1-1-2-0-0-0", projected)])
    wrong = import_file(plain)  # RFC 7946 says lon/lat: these metres are far off the city
    assert [r.code for r in wrong.rejected] == ["geometry_coordinates"]
    assert import_file(plain, crs="EPSG:32639").created == 1


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["renewal_code", "deed_area", "postal_code", "wkt"], *rows])
    return path


def test_bad_csv_rows_are_reported_precisely_and_the_rest_applied(tmp_path: Path) -> None:
    def wkt(geometry: Any) -> str:
        return str(at_centre(geometry).wkt)

    spike = shapely.Polygon([(0, 0), (20, 0), (20, 30), (10, 30), (10, 40), (10, 30), (0, 30)])
    bow_tie = shapely.Polygon([(0, 0), (20, 30), (20, 0), (0, 30)])
    rows = [
        ["7-1-1-1-0-0-0", "600", "8134767890", wkt(box(0, 0, 20, 30))],  # row 1 fine
        ["7-1-1", "600", "", wkt(box(20, 0, 40, 30))],  # 2: malformed code
        ["7-1-1-3-0-0-0", "600", "", wkt(bow_tie)],  # 3: not safely repairable
        ["7-1-1-4-0-0-0", "600", "", "POLYGON ((0 0, 1 1"],  # 4: unreadable WKT
        ["99-1-1-5-0-0-0", "600", "", wkt(box(80, 0, 100, 30))],  # 5: no district 99
        ["7-1-1-1-0-0-0", "600", "", wkt(box(0, 0, 20, 30))],  # 6: repeats row 1
        ["7-1-1-7-0-0-0", "600", "", wkt(spike)],  # 7: repaired (zero-area spike)
        ["7-1-1-8-0-0-0", "600", "", "POLYGON ((51.6 32.6, 51.7 32.6, 51.7 32.7, 51.6 32.6))"],  # 8
        ["7-1-1-9-0-0-0", "-5", "", wkt(box(160, 0, 180, 30))],  # 9: negative deed area
        ["7-1-1-10-0-0-0", "600", "1234", wkt(box(180, 0, 200, 30))],  # 10: postal code
        ["7-1-1-11-0-0-0", "", "", wkt(box(200, 0, 220, 30))],  # 11 fine, no deed area
    ]
    report = import_file(_csv(tmp_path / "parcels.csv", rows))
    assert [(r.row, r.line, r.code) for r in report.rejected] == [
        (2, 3, "renewal_code_parts"),
        (3, 4, "geometry_invalid"),
        (4, 5, "geometry_unreadable"),
        (5, 6, "district_unknown"),
        (6, 7, "duplicate_key"),
        (8, 9, "geometry_outside_city"),
        (9, 10, "deed_area_invalid"),
        (10, 11, "postal_code_format"),
    ]
    assert all(r.reason for r in report.rejected)
    assert report.repaired == [7]
    assert sorted(Parcel.objects.values_list("renewal_code", flat=True)) == [
        "7-1-1-1-0-0-0",
        "7-1-1-11-0-0-0",
        "7-1-1-7-0-0-0",
    ]
    repaired = Parcel.objects.get(renewal_code="7-1-1-7-0-0-0")
    assert repaired.geometric_area == pytest.approx(600, abs=0.01)
    run = ImportRun.objects.get()
    assert (run.rows_total, run.rows_created, run.rows_rejected, run.rows_repaired) == (11, 3, 8, 1)
    assert run.rejected[0] == {
        "row": 2,
        "line": 3,
        "key": "7-1-1",
        "code": "renewal_code_parts",
        "reason": report.rejected[0].reason,
    }


def test_the_command_prints_the_report(tmp_path: Path) -> None:
    path = _csv(tmp_path / "p.csv", [["7-1-1", "600", "", "POINT (0 0)"]])
    out = StringIO()
    call_command("parcels", "import", str(path), "--report", str(tmp_path / "r.json"), stdout=out)
    assert "ردیف 1 (خط 2) [7-1-1]" in out.getvalue()
    assert "(geometry_type)" in out.getvalue()
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rejected"][0]["row"] == 1
    with pytest.raises(CommandError):
        call_command("parcels", "import", str(tmp_path / "missing.csv"), stdout=StringIO())


def test_a_shapefile_through_pyogrio(tmp_path: Path) -> None:
    geopandas = pytest.importorskip("geopandas", reason="the optional geo extra is not installed")
    pytest.importorskip("pyogrio", reason="the optional geo extra is not installed")
    frame = geopandas.GeoDataFrame(
        {"renewal_co": ["7-1-1-1-0-0-0", "bad"], "deed_area": ["600", "1"]},
        geometry=[at_centre(box(0, 0, 20, 30)), at_centre(box(20, 0, 40, 30))],
        crs="EPSG:32639",
    )
    path = tmp_path / "parcels.shp"
    frame.to_file(path, engine="pyogrio")
    report = import_file(path)
    assert (report.created, [(r.row, r.key) for r in report.rejected]) == (1, [(2, "bad")])
    assert Parcel.objects.get().deed_area == 600
    frame.to_file(tmp_path / "parcels.gpkg", engine="pyogrio")
    assert import_file(tmp_path / "parcels.gpkg").unchanged == 1


def test_street_lines_are_imported_into_a_plan_version(tmp_path: Path) -> None:
    plan = make_plan()
    features = [
        {
            "type": "Feature",
            "properties": {"id": "s1", "name": "نظر", "kind": "arterial", "planned_width": "30"},
            "geometry": mapping(_lonlat(LineString([(0, 0), (500, 0)]))),
        },
        {
            "type": "Feature",
            "properties": {"id": "s2", "planned_width": "-4"},
            "geometry": mapping(_lonlat(LineString([(0, 50), (500, 50)]))),
        },
        {
            "type": "Feature",
            "properties": {"id": "s3", "kind": "local"},
            "geometry": mapping(_lonlat(box(0, 100, 500, 110))),
        },
    ]
    path = _geojson(tmp_path / "streets.geojson", features)
    report = import_file(path, kind=ImportKind.STREETS, plan_version=plan)
    assert report.created == 2
    assert [(r.row, r.code) for r in report.rejected] == [(2, "planned_width_invalid")]
    line = StreetLine.objects.get(external_id="s1")
    assert line.geometry is not None
    assert float(line.planned_width or 0) == 30
    right_of_way = load(line.geometry)
    assert right_of_way is not None
    assert right_of_way.area == pytest.approx(500 * 30, rel=1e-3)
    assert import_file(path, kind=ImportKind.STREETS, plan_version=plan).unchanged == 2
