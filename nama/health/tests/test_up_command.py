"""`nama up` (what `make run` starts): web server and worker together, /readyz green, Ctrl-C
stops both."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_up_serves_with_a_live_worker_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"NAMA_ENV", "DATABASE_URL"}},
        "NAMA_ENV": "development",
        "NAMA_VAR_DIR": str(tmp_path),
        "NAMA_BIND": f"127.0.0.1:{port}",
        "NAMA_WEB_WORKERS": "1",
        "NAMA_WORKER_HEARTBEAT_SECONDS": "1",
    }
    nama = [sys.executable, "-m", "nama.cli"]
    subprocess.run([*nama, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    up = subprocess.Popen([*nama, "up"], cwd=ROOT, env=env)  # noqa: S603
    try:
        status, body = 0, dict[str, object]()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/readyz")
            except OSError:
                status = 0
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, body
    finally:
        up.send_signal(signal.SIGINT)
        code = up.wait(timeout=40)
    assert code == 0
    try:
        _get(f"http://127.0.0.1:{port}/healthz")
        raise AssertionError("the web server still answers after Ctrl-C")
    except OSError:
        pass
