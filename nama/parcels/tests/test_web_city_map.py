"""The public city map page (B5): open to everyone, linked from the main navigation, its base
tiles a setting (none by default) whose origin the Content-Security-Policy allows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from nama.core.testing.html import outline

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _map_element(html: bytes) -> dict[str, str]:
    return next(e.attrs for e in outline(html).elements if e.attrs.get("id") == "city-map")


def test_anyone_opens_the_map_with_its_layers_api_and_no_base_tiles(client: Client) -> None:
    response = client.get("/parcels/map/")
    assert response.status_code == 200
    attrs = _map_element(response.content)
    assert attrs["data-tile-url"] == ""
    assert attrs["data-parcels-url"] == "/api/v1/parcels"
    assert attrs["data-parcel-at-url"] == "/api/v1/parcels/at"
    assert attrs["data-districts-url"] == "/api/v1/parcels/layers/districts"
    assert attrs["data-streets-url"] == "/api/v1/parcels/layers/streets"
    assert attrs["data-street-lines-url"] == "/api/v1/parcels/layers/street-lines"
    assert attrs["data-min-parcel-zoom"] == "17"
    assert attrs["data-max-parcels"] == "2000"
    assert attrs["data-centre"] == "32.655800,51.669600"
    page = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "/static/nama/js/map-public.js" in page
    assert "unpkg" not in page
    assert "cdn" not in page.lower()
    # A text alternative of the map: the chosen parcel's facts in a live region.
    assert 'aria-live="polite"' in page
    assert "<script>" not in page  # the CSP allows no inline script
    assert " style=" not in page


def test_the_base_tile_url_comes_from_the_setting(client: Client, settings: Settings) -> None:
    settings.NAMA_MAP_TILE_URL = "https://tiles.nama.internal/{z}/{x}/{y}.png"
    attrs = _map_element(client.get("/parcels/map/").content)
    assert attrs["data-tile-url"] == "https://tiles.nama.internal/{z}/{x}/{y}.png"


def test_the_main_navigation_links_the_map(client: Client) -> None:
    links = [e.attrs for e in outline(client.get("/").content).find_all("a")]
    assert any(link.get("href") == "/parcels/map/" for link in links)
    on_map = [e.attrs for e in outline(client.get("/parcels/map/").content).find_all("a")]
    assert {"class": "nav-link active", "href": "/parcels/map/", "aria-current": "page"} in on_map


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tiles.nama.internal/{z}/{x}/{y}.png", "https://tiles.nama.internal"),
        ("https://{s}.tile.example.ir/{z}/{x}/{y}.png", "https://*.tile.example.ir"),
        ("", None),
    ],
)
def test_the_tile_servers_origin_joins_the_csp_img_src(
    tmp_path: Path, url: str, origin: str | None
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NAMA_")},
        "NAMA_ENV": "test",
        "NAMA_VAR_DIR": str(tmp_path),
        "NAMA_MAP_TILE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = "import json; from config import settings; print(json.dumps(settings.SECURE_CSP))"
    result = subprocess.run(  # noqa: S603 - our interpreter and settings module
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    img_src = json.loads(result.stdout)["img-src"]
    assert img_src[:2] == ["'self'", "data:"]
    if origin is None:
        assert len(img_src) == 2
    else:
        assert origin in img_src
