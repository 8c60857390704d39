"""The parcels API on a real server: the parcel at a point and a map window of at most 2,000
parcels, p50/p95 against a bare Django JSON view answered by the same server in the same run.

    .venv/bin/python bench/bench_gis_api.py [--parcels 200000] [--seed 7] [--requests 300]
        [--database-url postgres://postgres@127.0.0.1:5432/test]

A synthetic city (``nama parcels generate``) goes into a new SQLite file in a temporary folder,
or — with ``--database-url`` — into a scratch database ``nama_bench_api`` created on that
PostgreSQL server and dropped afterwards. ``nama serve`` runs gunicorn with one sync worker on
a free loopback port; the bare view lives in a URLconf written to the temporary folder and
chosen by ``DJANGO_SETTINGS_MODULE`` for that server only (never in the site's URLs). Requests
go one at a time over loopback (a new connection each, as the sync worker closes them),
interleaved bare / point / window, after a warm-up.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from urllib.parse import urlencode, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._gis import setup_django

ROOT: Final = Path(__file__).resolve().parent.parent
SCRATCH_DATABASE: Final = "nama_bench_api"
WARM_UP: Final = 30
WINDOW_PARCELS: Final = 1_800  # aim a little under the 2,000-parcel page
TARGET_POINT_P95_MS: Final = 5.0
TARGET_WINDOW_P95_MS: Final = 50.0

# The server's settings and URLconf, written to the temporary folder: the site plus the bare
# reference view. Nothing of this is importable by the site itself.
SETTINGS_MODULE: Final = """from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_api_urls"
"""
URLCONF_MODULE: Final = '''from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> JsonResponse:
    """The reference: Django's whole middleware stack and a tiny JSON answer, no database."""
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bench/bare", bare), *site_urlpatterns]
'''


@dataclass
class Timings:
    name: str
    seconds: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def quantile(self, q: int) -> float:
        """The q-th percentile in milliseconds."""
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[q - 1] * 1000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str) -> tuple[float, int, bytes]:
    """(seconds, status, body) of one GET over a new loopback connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return time.perf_counter() - started, response.status, body


def _nama(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and CLI
        [sys.executable, "-m", "nama.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"nama {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextmanager
def _scratch_postgres(url: str) -> Iterator[str]:
    """A fresh database ``nama_bench_api`` on the server of ``url``, dropped afterwards."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    drop = f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)'
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{SCRATCH_DATABASE}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


@contextmanager
def _server(env: dict[str, str], log: Path) -> Iterator[int]:
    """``nama serve`` (gunicorn, one sync worker) on a free loopback port until the block ends."""
    port = _free_port()
    server_env = {
        **env,
        "NAMA_BIND": f"127.0.0.1:{port}",
        "NAMA_WEB_WORKERS": "1",
        "DJANGO_SETTINGS_MODULE": "bench_api_settings",
        "PYTHONPATH": os.pathsep.join([env["BENCH_MODULES"], str(ROOT)]),
    }
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "nama.cli", "serve", "--access-logfile", "/dev/null"],
            cwd=ROOT, env=server_env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/bench/bare")[1] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Workload:
    points: list[tuple[float, float]]  # (lat, lon) inside random parcels
    windows: list[str]  # bbox parameters around random parcels
    window_km2: float


def _workload(count: int, seed: int) -> Workload:
    """Random parcels' inner points, and windows sized to hold about WINDOW_PARCELS parcels at
    the city's density (the API caps a page at 2,000)."""
    setup_django()
    import shapely

    from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG
    from nama.parcels.geometry import load, reproject
    from nama.parcels.models import DistrictBoundary, Parcel

    rng = random.Random(seed)
    ids = list(Parcel.objects.values_list("pk", flat=True))
    chosen = Parcel.objects.filter(pk__in=rng.sample(ids, min(count, len(ids))))
    shapes = [load(parcel.geometry) for parcel in chosen.only("geometry")]
    inner = [
        reproject(shape.representative_point(), STORAGE_EPSG, WGS84_EPSG)
        for shape in shapes
        if shape is not None
    ]
    city_m2 = sum(
        shapely.area(load(boundary.geometry)) for boundary in DistrictBoundary.objects.all()
    )
    window_km2 = min(1.0, WINDOW_PARCELS / (len(ids) / (city_m2 / 1e6)))
    half_lat = (window_km2**0.5) / 110.57 / 2
    half_lon = (window_km2**0.5) / (111.32 * 0.8419) / 2  # cos(32.6°)
    windows = [
        f"{p.x - half_lon:.6f},{p.y - half_lat:.6f},{p.x + half_lon:.6f},{p.y + half_lat:.6f}"
        for p in inner
    ]
    return Workload([(p.y, p.x) for p in inner], windows, window_km2)


def _measure(port: int, workload: Workload, requests: int) -> tuple[Timings, Timings, Timings]:
    bare, point, window = Timings("bare"), Timings("point"), Timings("window")
    rng = random.Random(1)
    for i in range(WARM_UP + requests):
        lat, lon = rng.choice(workload.points)
        paths = [
            (bare, "/bench/bare"),
            (point, "/api/v1/parcels/at?" + urlencode({"lat": f"{lat:.7f}", "lon": f"{lon:.7f}"})),
            (window, "/api/v1/parcels?" + urlencode({"bbox": rng.choice(workload.windows)})),
        ]
        for timings, path in paths:
            seconds, status, body = _get(port, path)
            if status != 200:
                raise SystemExit(f"GET {path}: HTTP {status}\n{body[:500]!r}")
            if i >= WARM_UP:
                timings.seconds.append(seconds)
                timings.sizes.append(body.count(b'"type":"Feature"') or len(body))
    return bare, point, window


def _report(bare: Timings, point: Timings, window: Timings, workload: Workload) -> None:
    def line(label: str, timings: Timings, target: float | None = None) -> None:
        p50, p95 = timings.quantile(50), timings.quantile(95)
        text = f"{label}: p50 {p50:.2f} ms, p95 {p95:.2f} ms"
        if target is not None:
            ratio50, ratio95 = p50 / bare.quantile(50), p95 / bare.quantile(95)
            verdict = "met" if p95 < target else "NOT met"
            text += (
                f"; ratio to the bare view p50 {ratio50:.1f}×, p95 {ratio95:.1f}×"
                f" (target p95 < {target:.0f} ms: {verdict})"
            )
        print(text)

    line("bare Django JSON view (reference)", bare)
    line("parcel at a point   GET /api/v1/parcels/at", point, TARGET_POINT_P95_MS)
    features = statistics.mean(window.sizes)
    print(
        f"map window          GET /api/v1/parcels?bbox=… ({workload.window_km2:.2f} km², "
        f"{features:,.0f} parcels per answer on average, at most {max(window.sizes):,})"
    )
    line("                    ", window, TARGET_WINDOW_P95_MS)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--parcels", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="measured per endpoint")
    parser.add_argument("--database-url", help="a PostgreSQL server (a scratch database is used)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nama-bench-api-") as folder:
        work = Path(folder)
        (work / "bench_api_settings.py").write_text(SETTINGS_MODULE, encoding="utf-8")
        (work / "bench_api_urls.py").write_text(URLCONF_MODULE, encoding="utf-8")
        with _database(args.database_url, work) as database_url:
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("NAMA_")},
                "NAMA_ENV": "development",
                "NAMA_DEBUG": "false",
                "NAMA_VAR_DIR": str(work / "var"),
                "NAMA_LOG_LEVEL": "WARNING",
                "DATABASE_URL": database_url,
                "BENCH_MODULES": str(work),
            }
            _nama(["migrate"], env)
            started = time.perf_counter()
            _nama(
                ["parcels", "generate", "--parcels", str(args.parcels), "--seed", str(args.seed)],
                env,
            )
            generated = time.perf_counter() - started
            os.environ.update({k: v for k, v in env.items() if k.startswith(("NAMA_", "DATABASE"))})
            workload = _workload(200, args.seed)
            engine = "PostgreSQL" if args.database_url else "SQLite"
            print(
                f"city: {args.parcels:,} parcels, seed {args.seed} (generated in "
                f"{generated:.0f} s); {engine}; gunicorn, 1 sync worker, loopback; "
                f"{args.requests} requests each"
            )
            with _server(env, work / "server.log") as port:
                bare, point, window = _measure(port, workload, args.requests)
            _report(bare, point, window, workload)
    return 0


@contextmanager
def _database(url: str | None, work: Path) -> Iterator[str]:
    if url is None:
        yield f"sqlite:///{work / 'bench.sqlite3'}"
        return
    with _scratch_postgres(url) as scratch:
        yield scratch


if __name__ == "__main__":
    sys.exit(main())
