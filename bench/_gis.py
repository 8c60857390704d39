"""Helpers shared by the GIS benchmarks: Django setup, timing, the synthetic city as files."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def best_of[T](repeat: int, function: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result  # type: ignore[return-value]


def write_geojson(layout: Any, path: Path) -> None:
    """The layout's parcels as a GeoJSON FeatureCollection in EPSG:4326, one feature a line."""
    import shapely

    from nama.parcels.geometry import to_geojson_texts

    texts = to_geojson_texts(layout.parcels)
    areas = shapely.area(layout.parcels)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type":"FeatureCollection","features":[\n')
        for i, text in enumerate(texts):
            parts = (layout.district, layout.region, layout.block, layout.number)
            code = "-".join(str(int(part[i])) for part in parts)
            properties = {
                "renewal_code": f"{code}-0-0-0",
                "deed_area": f"{areas[i]:.2f}",
                "address": f"اصفهان، {layout.front_street[i]}، پلاک {int(layout.number[i])}",
            }
            separator = ",\n" if i else ""
            handle.write(
                f'{separator}{{"type":"Feature","properties":'
                f'{json.dumps(properties, ensure_ascii=False)},"geometry":{text}}}'
            )
        handle.write("\n]}\n")
