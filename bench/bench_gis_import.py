"""Import of a synthetic city's parcels (GeoJSON in EPSG:4326, as exports usually come) into a
fresh database with ``nama parcels import``: rows per second and the import process's peak
memory, against reading the same file with pyogrio/geopandas (``read_file``) in the same run.

    .venv/bin/python bench/bench_gis_import.py [--parcels 200000] [--seed 7]
        [--database-url sqlite:////tmp/x.sqlite3 | postgres://postgres@127.0.0.1:5432/test]

The default database is a new SQLite file in a temporary folder (removed afterwards). A
PostgreSQL URL must name a database the benchmark may fill (it migrates it first).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._gis import setup_django, write_geojson

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], env: dict[str, str], log: Path) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB, output) of one ``nama`` process, measured by ``wait4``."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "nama.cli", *args],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8")
    if process.returncode:
        raise SystemExit(f"nama {' '.join(args)} failed:\n{text}")
    return seconds, usage.ru_maxrss // 1024, text


def _read_with_pyogrio(path: Path) -> float | None:
    try:
        import geopandas
    except ImportError:
        return None
    started = time.perf_counter()
    frame = geopandas.read_file(path, engine="pyogrio")
    frame.to_crs(32639)
    return time.perf_counter() - started


def _write_file(path: Path, parcels: int, seed: int) -> None:
    """Build the city and write its file (run in a child: see ``main``)."""
    setup_django()
    from nama.parcels.generator.layout import build_layout

    write_geojson(build_layout(parcels, seed), path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parcels", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        _write_file(args.write, args.parcels, args.seed)
        return 0
    # This process stays small: a child's peak RSS starts from its parent's at fork time.
    with tempfile.TemporaryDirectory(prefix="nama-bench-import-") as folder:
        work = Path(folder)
        path = work / "parcels.geojson"
        subprocess.run(  # noqa: S603 - this script
            [sys.executable, __file__, "--write", str(path), "--parcels", str(args.parcels),
             "--seed", str(args.seed)],
            check=True,
        )  # fmt: skip
        size = path.stat().st_size / 2**20
        print(f"file: {args.parcels} parcels, GeoJSON EPSG:4326, {size:.0f} MiB")
        env = {
            **os.environ,
            "NAMA_VAR_DIR": str(work / "var"),
            "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
            "NAMA_LOG_LEVEL": "WARNING",
        }
        log = work / "output.txt"
        _run(["migrate"], env, log)
        _, baseline, _ = _run(["check"], env, log)
        seconds, peak, output = _run(["parcels", "import", str(path)], env, log)
        again, _, _ = _run(["parcels", "import", str(path)], env, log)
        print(output.strip().splitlines()[1])
        rate = args.parcels / seconds
        print(
            f"nama parcels import: {seconds:.1f} s, {rate:,.0f} rows/s; "
            f"peak RSS {peak} MiB (a bare nama process: {baseline} MiB)"
        )
        print(
            f"re-import of the same file (all unchanged): {again:.1f} s, "
            f"{args.parcels / again:,.0f} rows/s"
        )
        reference = _read_with_pyogrio(path)
        if reference is None:
            print("reference geopandas.read_file: n/a (geopandas not installed)")
        else:
            print(
                f"reference geopandas.read_file + to_crs (parse only, no validation or "
                f"database): {reference:.1f} s"
            )
            print(f"ratio import vs parse-only reference: {seconds / reference:.2f}× the time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
