"""Setbacks for every parcel of a synthetic city: our vectorised shapely 2 path against
``geopandas.overlay`` (+ dissolve per parcel, so crossing streets are not counted twice) on the
same data, with identical areas (to 0.01 m²); and against PostGIS when it can be enabled on
127.0.0.1:5432 (database ``test``), else n/a.

    .venv/bin/python bench/bench_gis_setbacks.py [--parcels 200000] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._gis import best_of, setup_django

AREA_TOLERANCE = 0.01  # m²


def _ours(parcels: Any, rows: Any) -> dict[int, float]:
    from nama.parcels.setbacks import RightsOfWay

    result = RightsOfWay(rows).compute(parcels)
    return dict(zip(result.parcel_index.tolist(), result.setback_area.tolist(), strict=True))


def _geopandas() -> Any:
    try:
        import geopandas
    except ImportError:
        return None
    return geopandas


def _overlay(parcels: Any, rows: Any) -> dict[int, float] | None:
    geopandas = _geopandas()  # imported before timing (see main)
    if geopandas is None:
        return None
    left = geopandas.GeoDataFrame({"pid": np.arange(len(parcels))}, geometry=parcels, crs=32639)
    right = geopandas.GeoDataFrame({"rid": np.arange(len(rows))}, geometry=rows, crs=32639)
    pieces = geopandas.overlay(left, right, how="intersection", keep_geom_type=True)
    merged = pieces.dissolve(by="pid")
    return dict(zip(merged.index.tolist(), merged.geometry.area.tolist(), strict=True))


def _compare(ours: dict[int, float], theirs: dict[int, float]) -> tuple[float, int]:
    keys = set(ours) | set(theirs)
    worst = max((abs(ours.get(k, 0.0) - theirs.get(k, 0.0)) for k in keys), default=0.0)
    return worst, len(keys)


def _postgis(parcels: Any, rows: Any, repeat: int) -> tuple[float, dict[int, float]] | str:
    """Seconds of the PostGIS query (data loaded beforehand), or why it is n/a."""
    try:
        import psycopg
        import shapely
    except ImportError as error:
        return f"n/a ({error})"
    try:
        connection = psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True)
    except psycopg.Error as error:
        return f"n/a (no PostgreSQL: {str(error).strip()[:80]})"
    with connection:
        present = "SELECT 1 FROM pg_extension WHERE extname = 'postgis'"
        existed = connection.execute(present).fetchone() is not None
        try:
            connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.Error as error:
            return f"n/a (CREATE EXTENSION postgis failed: {str(error).strip()[:100]})"
        connection.execute("DROP SCHEMA IF EXISTS nama_bench CASCADE; CREATE SCHEMA nama_bench")
        try:
            for table, shapes in (("parcels", parcels), ("rows", rows)):
                connection.execute(f"CREATE TABLE nama_bench.{table} (id int, wkb bytea)")
                copying = f"COPY nama_bench.{table} (id, wkb) FROM STDIN"
                with connection.cursor().copy(copying) as copy:
                    for i, data in enumerate(shapely.to_wkb(shapes)):
                        copy.write_row((i, data))
                name = f"nama_bench.{table}"  # fixed names, not input
                connection.execute(
                    f"ALTER TABLE {name} ADD geom geometry(Geometry, 32639);"  # noqa: S608
                    f"UPDATE {name} SET geom = ST_GeomFromWKB(wkb, 32639);"
                    f"CREATE INDEX ON {name} USING gist (geom);"
                    f"ANALYZE {name}"
                )
            query = (
                "SELECT p.id, ST_Area(ST_Intersection(p.geom, u.geom)) FROM nama_bench.parcels p "
                "CROSS JOIN LATERAL (SELECT ST_Union(r.geom) AS geom FROM nama_bench.rows r "
                "WHERE ST_Intersects(p.geom, r.geom)) u WHERE u.geom IS NOT NULL"
            )
            seconds, result = best_of(repeat, lambda: connection.execute(query).fetchall())
            return seconds, {int(i): float(a) for i, a in result}
        finally:
            connection.execute("DROP SCHEMA IF EXISTS nama_bench CASCADE")
            if not existed:  # leave the database as we found it
                connection.execute("DROP EXTENSION IF EXISTS postgis")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parcels", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-postgis", action="store_true")
    args = parser.parse_args()
    setup_django()
    _geopandas()
    from nama.parcels.generator.layout import build_layout

    started = time.perf_counter()
    layout = build_layout(args.parcels, args.seed)
    rows = layout.rights_of_way()
    print(
        f"city: {len(layout)} parcels, {len(rows)} street lines "
        f"(layout {time.perf_counter() - started:.1f} s)"
    )
    ours_s, ours = best_of(args.repeat, lambda: _ours(layout.parcels, rows))
    print(
        f"ours (STRtree + vectorised shapely 2): {ours_s:.3f} s, "
        f"{len(ours)} parcels meet a right-of-way"
    )
    status = 0
    overlay_s, theirs = best_of(max(1, args.repeat - 1), lambda: _overlay(layout.parcels, rows))
    if theirs is None:
        print("geopandas.overlay: n/a (geopandas not installed: pip install '.[geo]')")
    else:
        worst, compared = _compare(ours, theirs)
        same = worst <= AREA_TOLERANCE
        status |= not same
        print(
            f"geopandas.overlay + dissolve: {overlay_s:.3f} s; areas of {compared} parcels "
            f"{'identical' if same else 'DIFFER'} (max difference {worst:.2e} m²)"
        )
        print(f"ratio ours vs geopandas.overlay: {overlay_s / ours_s:.2f}× faster (target ≥ 2×)")
    repeat = max(1, args.repeat - 1)
    postgis = "skipped" if args.no_postgis else _postgis(layout.parcels, rows, repeat)
    if isinstance(postgis, str):
        print(f"PostGIS: {postgis}")
    else:
        postgis_s, areas = postgis
        worst, compared = _compare(ours, areas)
        status |= worst > AREA_TOLERANCE
        print(
            f"PostGIS (ST_Intersection over a lateral ST_Union, GiST): {postgis_s:.3f} s; "
            f"max area difference {worst:.2e} m²"
        )
        print(f"ratio ours vs PostGIS: {postgis_s / ours_s:.2f}× faster")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
