"""The municipal GIS map (B5): public, layers through the parcels API, no owner data ever."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from nama.districts.selectors import city_profile
from nama.parcels.api.inputs import MAX_PARCEL_WINDOW_KM2
from nama.parcels.constants import MAX_WINDOW_PARCELS

# Parcels are asked for from this zoom on: about 1 m a pixel at Isfahan, a laptop's window
# holds ~1 km² (some 2,000 parcels of a dense district) and a parcel is big enough to tap.
MIN_PARCEL_ZOOM: Final = 17
MIN_STREET_ZOOM: Final = 13


@dataclass(frozen=True, slots=True)
class MapSettings:
    """What the map scripts read from ``data-`` attributes of the map element."""

    tile_url: str
    centre_lat: float
    centre_lon: float
    parcels_url: str
    parcel_at_url: str
    districts_url: str
    streets_url: str
    street_lines_url: str
    min_parcel_zoom: int = MIN_PARCEL_ZOOM
    min_street_zoom: int = MIN_STREET_ZOOM
    max_parcels: int = MAX_WINDOW_PARCELS
    max_window_km2: float = MAX_PARCEL_WINDOW_KM2


def map_settings() -> MapSettings:
    profile = city_profile()
    return MapSettings(
        tile_url=settings.NAMA_MAP_TILE_URL,
        centre_lat=profile.centre_lat,
        centre_lon=profile.centre_lon,
        parcels_url=reverse("api:parcels_window"),
        parcel_at_url=reverse("api:parcel_at"),
        districts_url=reverse("api:districts_layer"),
        streets_url=reverse("api:streets_layer"),
        street_lines_url=reverse("api:street_lines_layer"),
    )


@require_safe
def city_map(request: HttpRequest) -> HttpResponse:
    """The public map: districts, streets, widening lines and (zoomed in) parcels."""
    return render(request, "parcels/map.html", {"map": map_settings()})
