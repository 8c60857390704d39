"""The public parcels API: shapes, bounded windows with constant queries, problems for every bad
input, 404 for the unknown — and never an owner, national ID, plate or postal code."""

from __future__ import annotations

import json
from typing import Any

import pytest
import shapely
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from shapely.geometry import LineString, box

from nama.accounts.tests.factories import assert_problem
from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG, LandUse
from nama.parcels.geometry import reproject
from nama.parcels.models import Parcel, PlanVersion, Zone
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.setbacks import recompute_plan
from nama.parcels.tests.factories import at_centre, make_parcel, make_plan, make_street_line

pytestmark = pytest.mark.django_db

OWNER_ID = "0499370899"
OWNER_NAMES = ("پروین", "اعتصامی")
PRIVATE = (OWNER_ID, *OWNER_NAMES, "8134767890", "72/1617")
PROPERTY_KEYS = {
    "renewal_code",
    "map_key",
    "district",
    "district_name",
    "address",
    "zone",
    "land_use",
    "land_use_label",
    "density_percent",
    "max_floors",
    "deed_area",
    "geometric_area",
    "setback_area",
    "remaining_deed_area",
}


def _lonlat(x: float, y: float) -> tuple[str, str]:
    point = reproject(at_centre(shapely.Point(x, y)), STORAGE_EPSG, WGS84_EPSG)
    return f"{point.x:.7f}", f"{point.y:.7f}"


def _bbox(x0: float, y0: float, x1: float, y1: float) -> str:
    (lon0, lat0), (lon1, lat1) = _lonlat(x0, y0), _lonlat(x1, y1)
    return f"{lon0},{lat0},{lon1},{lat1}"


def _grid(count: int, *, first: int = 0) -> list[Parcel]:
    """Parcels 12 m × 25 m in rows of ten north of the street line, each owned by «پروین»."""
    parcels = []
    for i in range(first, first + count):
        x, y = 12 * (i % 10), 40 + 25 * (i // 10)
        parcel = make_parcel(
            f"7-1-{1 + i // 10}-{1 + i % 10}-0-0-0",
            box(x, y, x + 12, y + 25),
            address=f"کوچه {i + 1}",
            deed_area="300",
            plate="72/1617",
            postal_code="8134767890",
            zone_code="R122",
        )
        set_owners(
            actor=None,
            parcel=parcel,
            shares=[
                ShareData(
                    dang=6,
                    national_id=OWNER_ID,
                    first_name=OWNER_NAMES[0],
                    last_name=OWNER_NAMES[1],
                )
            ],
        )
        parcels.append(parcel)
    return parcels


@pytest.fixture
def plan() -> PlanVersion:
    """A zone and an approved plan whose 20 m street line (y 20…40) cuts the parcel at y 0…25
    made by ``cut``; its setbacks stored, as `nama parcels setbacks` leaves them."""
    Zone.objects.create(
        code="R122",
        name="مسکونی تراکم متوسط",
        land_use=LandUse.RESIDENTIAL,
        density_percent=180,
        coverage_percent=60,
        max_floors=4,
    )
    plan = make_plan()
    make_street_line(plan, "a1", centre=LineString([(-100, 30), (300, 30)]), width=20)
    return plan


@pytest.fixture
def cut(plan: PlanVersion) -> Parcel:
    parcel = make_parcel(
        "7-2-1-1-0-0-0",
        box(0, 0, 20, 25),
        address="خیابان چهارباغ",
        deed_area="512.40",
        plate="72/1617",
        postal_code="8134767890",
        zone_code="R122",
    )
    set_owners(
        actor=None,
        parcel=parcel,
        shares=[ShareData(dang=6, national_id=OWNER_ID, first_name="پروین", last_name="اعتصامی")],
    )
    recompute_plan(plan)
    return parcel


def _json(response: Any) -> Any:
    return json.loads(response.content)


# --- Shapes ---------------------------------------------------------------------------------------


def test_a_parcel_by_code_is_a_feature_of_public_facts(client: Client, cut: Parcel) -> None:
    response = client.get("/api/v1/parcels/7-2-1-1-0-0-0")
    assert response.status_code == 200
    feature = _json(response)
    assert feature["type"] == "Feature"
    assert feature["id"] == "7-2-1-1-0-0-0"
    assert feature["geometry"]["type"] == "Polygon"
    lon, lat = feature["geometry"]["coordinates"][0][0]
    assert 51 < lon < 52
    assert 32 < lat < 33
    properties = feature["properties"]
    assert set(properties) == PROPERTY_KEYS
    assert properties["district"] == 7
    assert properties["district_name"] == "منطقه ۷"
    assert properties["zone"] == "R122"
    assert properties["land_use_label"] == "مسکونی"
    assert properties["deed_area"] == 512.4
    assert properties["geometric_area"] == 500.0
    assert properties["setback_area"] == 100.0
    assert properties["remaining_deed_area"] == 412.4


@pytest.mark.parametrize(
    "code", ["۷-۲-۱-۱-۰-۰-۰", "٧-٢-١-١-٠-٠-٠", "7-2-1-1-5-3-0"], ids=["fa", "ar", "unit"]
)
def test_any_digit_script_and_a_units_code_name_the_parcel(
    client: Client, cut: Parcel, code: str
) -> None:
    assert _json(client.get(f"/api/v1/parcels/{code}"))["id"] == "7-2-1-1-0-0-0"


def test_the_parcel_at_a_point(client: Client, cut: Parcel) -> None:
    lon, lat = _lonlat(10, 10)
    response = client.get("/api/v1/parcels/at", {"lat": lat, "lon": lon})
    assert response.status_code == 200
    assert _json(response)["id"] == "7-2-1-1-0-0-0"
    persian = lat.translate(str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫"))
    assert client.get("/api/v1/parcels/at", {"lat": persian, "lon": lon}).status_code == 200
    lon, lat = _lonlat(10, 500)
    body = assert_problem(
        client.get("/api/v1/parcels/at", {"lat": lat, "lon": lon}), 404, "parcel_not_found"
    )
    assert body["detail"] == "در این نقطه قطعه‌ای ثبت نشده است."


def test_the_setback_report(client: Client, cut: Parcel) -> None:
    report = _json(client.get("/api/v1/parcels/7-2-1-1-0-0-0/setback"))
    assert report["renewal_code"] == "7-2-1-1-0-0-0"
    assert report["plan"]["code"] == "plan-1"
    assert report["plan"]["approved_on_jalali"] == "۱۴۰۳/۰۱/۰۱"
    assert report["setback_area"] == 100.0
    assert report["frontage_length"] == 20.0
    assert report["deed_area"] == 512.4
    assert report["geometric_area"] == 500.0
    assert report["remaining_deed_area"] == 412.4
    assert report["remaining_geometric_area"] == 400.0
    assert report["areas_differ"] is True
    (line,) = report["street_lines"]
    assert (line["kind"], line["kind_label"], line["planned_width"]) == ("arterial", "شریانی", 20.0)
    assert line["geometry"]["type"] == "Polygon"
    assert set(report["geometry"]) == {"parcel", "setback", "remaining"}
    assert report["geometry"]["setback"]["type"] == "Polygon"


def test_a_window_is_a_bounded_geojson_page(client: Client, plan: PlanVersion) -> None:
    _grid(25)
    recompute_plan(plan)
    window = _bbox(-10, 30, 200, 300)
    response = client.get("/api/v1/parcels", {"bbox": window, "limit": "10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=60"
    page = _json(response)
    assert page["type"] == "FeatureCollection"
    assert (len(page["features"]), page["truncated"], page["limit"]) == (10, True, 10)
    feature = page["features"][0]
    assert set(feature) == {"type", "id", "geometry", "properties"}
    assert set(feature["properties"]) == PROPERTY_KEYS
    assert feature["properties"]["setback_area"] == 0.0  # untouched under a computed plan
    whole = _json(client.get("/api/v1/parcels", {"bbox": window}))
    assert (len(whole["features"]), whole["truncated"], whole["limit"]) == (25, False, 2000)


def test_a_window_costs_the_same_queries_for_few_parcels_or_many(
    client: Client, plan: PlanVersion
) -> None:
    window = _bbox(-10, 30, 200, 400)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/parcels", {"bbox": window}).status_code == 200
        return len(captured)

    _grid(3)
    few = queries()
    _grid(40, first=3)
    assert queries() == few
    assert few <= 3


def test_the_map_layers(client: Client, cut: Parcel) -> None:
    districts = client.get("/api/v1/parcels/layers/districts")
    assert districts["Content-Type"] == "application/geo+json"
    assert _json(districts) == {"type": "FeatureCollection", "features": []}  # none loaded here
    window = _bbox(-200, -200, 400, 400)
    lines = _json(client.get("/api/v1/parcels/layers/street-lines", {"bbox": window}))
    (line,) = lines["features"]
    assert line["properties"] == {
        "name": "خیابان a1",
        "kind": "arterial",
        "kind_label": "شریانی",
        "planned_width": 20.0,
    }
    streets = client.get("/api/v1/parcels/layers/streets", {"bbox": window})
    assert _json(streets)["features"] == []


# --- Bad input and the unknown --------------------------------------------------------------------


def _assert_persian_problem(response: Any, code: str, field: str) -> None:
    body = assert_problem(response, 422, code)
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail"])
    assert field in body["errors"]


@pytest.mark.parametrize(
    ("bbox", "code"),
    [
        ("51.6,32.6,51.7", "bbox_invalid"),
        ("51.6,32.6,51.7,32.7,1", "bbox_invalid"),
        ("a,b,c,d", "bbox_invalid"),
        ("", "bbox_invalid"),
        ("51.6,32.6,nan,32.7", "bbox_invalid"),
        ("51.7,32.6,51.6,32.7", "bbox_reversed"),
        ("51.6,32.7,51.7,32.7", "bbox_reversed"),
        ("51.0,32.0,52.0,33.0", "bbox_too_large"),
        ("۵۱٫۰,۳۲٫۰,۵۲٫۰,۳۳٫۰", "bbox_too_large"),
        ("190,32.6,191,32.7", "bbox_out_of_range"),
        ("51.6,-95,51.7,-94", "bbox_out_of_range"),
    ],
)
def test_every_bad_window_is_a_persian_problem(client: Client, bbox: str, code: str) -> None:
    _assert_persian_problem(client.get("/api/v1/parcels", {"bbox": bbox}), code, "bbox")


def test_a_missing_window_or_a_page_size_out_of_bounds_is_refused(client: Client) -> None:
    _assert_persian_problem(client.get("/api/v1/parcels"), "validation_error", "bbox")
    window = "51.66,32.65,51.67,32.66"
    for limit in ("0", "2001", "many"):
        response = client.get("/api/v1/parcels", {"bbox": window, "limit": limit})
        _assert_persian_problem(response, "validation_error", "limit")
    _assert_persian_problem(
        client.get("/api/v1/parcels/layers/streets", {"bbox": "1,2,3"}), "bbox_invalid", "bbox"
    )
    _assert_persian_problem(
        client.get("/api/v1/parcels/layers/street-lines", {"bbox": "0,0,20,20"}),
        "bbox_too_large",
        "bbox",
    )


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"lat": "95", "lon": "51.67"}, "point_out_of_range", "lat"),
        ({"lat": "32.65", "lon": "-181"}, "point_out_of_range", "lon"),
        ({"lat": "شمال", "lon": "51.67"}, "point_invalid", "lat"),
        ({"lat": "inf", "lon": "51.67"}, "point_invalid", "lat"),
        ({"lat": "32.65"}, "validation_error", "lon"),
    ],
)
def test_every_bad_point_is_a_persian_problem(
    client: Client, query: dict[str, str], code: str, field: str
) -> None:
    _assert_persian_problem(client.get("/api/v1/parcels/at", query), code, field)


@pytest.mark.parametrize(
    "code", ["7-1", "۷-۱-۳", "٧--١-٣-١-٠-٠-٠", "a-b-c-d-e-f-g", "7-1-3-12-0-0-0-0"]
)
@pytest.mark.parametrize("suffix", ["", "/setback"])
def test_a_malformed_renewal_code_is_a_persian_problem(
    client: Client, code: str, suffix: str
) -> None:
    response = client.get(f"/api/v1/parcels/{code}{suffix}")
    _assert_persian_problem(response, "renewal_code_invalid", "renewal_code")


@pytest.mark.parametrize("suffix", ["", "/setback"])
def test_an_unknown_parcel_is_a_404_problem(client: Client, suffix: str) -> None:
    body = assert_problem(
        client.get(f"/api/v1/parcels/7-9-9-9-0-0-0{suffix}"), 404, "parcel_not_found"
    )
    assert body["detail"] == "قطعه‌ای با این کد نوسازی پیدا نشد."


# --- Never owner data -----------------------------------------------------------------------------


def test_no_public_answer_carries_owners_national_ids_plates_or_postal_codes(
    client: Client, cut: Parcel
) -> None:
    _grid(5)
    lon, lat = _lonlat(10, 10)
    window = _bbox(-200, -200, 400, 400)
    answers = [
        client.get("/api/v1/parcels", {"bbox": window}),
        client.get("/api/v1/parcels/at", {"lat": lat, "lon": lon}),
        client.get("/api/v1/parcels/7-2-1-1-0-0-0"),
        client.get("/api/v1/parcels/7-2-1-1-0-0-0/setback"),
        client.get("/api/v1/parcels/7-1-1-1-0-0-0/setback"),
        client.get("/api/v1/parcels/layers/districts"),
        client.get("/api/v1/parcels/layers/streets", {"bbox": window}),
        client.get("/api/v1/parcels/layers/street-lines", {"bbox": window}),
        client.get("/parcels/map/"),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    assert len(_json(answers[0])["features"]) == 6
    for answer in answers:
        text = answer.content.decode()
        for secret in PRIVATE:
            assert secret not in text, (answer.request["PATH_INFO"], secret)


def test_the_openapi_document_describes_the_parcels_api(client: Client) -> None:
    paths = _json(client.get("/api/openapi.json"))["paths"]
    for path in (
        "/api/v1/parcels",
        "/api/v1/parcels/at",
        "/api/v1/parcels/{renewal_code}",
        "/api/v1/parcels/{renewal_code}/setback",
        "/api/v1/parcels/layers/districts",
        "/api/v1/parcels/layers/streets",
        "/api/v1/parcels/layers/street-lines",
    ):
        assert path in paths, path
    window = paths["/api/v1/parcels"]["get"]
    assert {p["name"] for p in window["parameters"]} == {"bbox", "limit"}
    assert "422" in window["responses"]
