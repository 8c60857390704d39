"""The ``nama`` command for operators.

``nama serve`` (web server), ``nama worker`` (background tasks), ``nama up`` (both, for a
single machine), ``nama demo`` (demo data), ``nama migrate`` and ``nama check``; any other
word is a Django management command (``nama createsuperuser``, ``nama shell`` …).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

USAGE = __doc__ or ""


def _django(argv: Sequence[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nama", *argv])
    return 0


def _serve(args: Sequence[str]) -> int:
    """Run gunicorn with the project's WSGI app; extra arguments go to gunicorn."""
    bind = os.environ.get("NAMA_BIND", "127.0.0.1:8000")
    workers = os.environ.get("NAMA_WEB_WORKERS", "2")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
        *args,
    ]
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover - execv does not return


def _up(args: Sequence[str]) -> int:
    """Run the web server and one worker together; Ctrl-C (or SIGTERM) stops both."""
    nama = [sys.executable, "-m", "nama.cli"]
    children = [
        subprocess.Popen([*nama, "worker", "--no-startup-delay"]),
        subprocess.Popen([*nama, "serve", *args]),
    ]

    def stop(signum: int, frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # Wait for either child to end, then stop the other one too.
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop(signal.SIGTERM, None)
    codes = [child.wait(timeout=30) for child in children]
    return max(abs(code) for code in codes) if any(codes) else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE.strip())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return _serve(rest)
    if command == "up":
        return _up(rest)
    if command == "migrate":
        _django(["migrate", "--no-input", *rest])
        return _django(["sync_city"])
    if command == "check":
        _django(["check", *rest])
        return _django(["makemigrations", "--check", "--dry-run"])
    return _django(argv)


if __name__ == "__main__":
    sys.exit(main())
