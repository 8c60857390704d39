"""The ``nama`` command for operators.

``nama serve`` (web server), ``nama worker`` (background tasks and periodic jobs), ``nama up``
(both, for a single machine), ``nama migrate`` (schema + reference data), ``nama check``
(system checks + migrations), ``nama demo`` (demo data), ``nama createadmin USERNAME`` (the
first administrator); any other word is a Django management command (``nama shell`` …).
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


def _commands(*commands: Sequence[str]) -> int:
    """Run several management commands in one process (one connection, one setup)."""
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        for name, *args in commands:
            call_command(name, *args)
    except CommandError as error:  # SystemCheckError included: report it as Django would
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return error.returncode
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
    # A child ended by the signal we sent it (before it installed its own handler) stopped
    # cleanly too.
    failures = [code for code in codes if code not in {0, -signal.SIGTERM, -signal.SIGINT}]
    return abs(failures[0]) if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not argv or argv in (["-h"], ["--help"], ["help"]):
        print(USAGE.strip())
        print("\nEvery Django management command: nama help --commands")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return _serve(rest)
    if command == "up":
        return _up(rest)
    if command == "migrate":
        return _commands(["migrate", "--no-input", *rest], ["sync_city"], ["catalog", "sync"])
    if command == "check":
        return _commands(["check", *rest], ["makemigrations", "--check", "--dry-run"])
    return _django(argv)


def run() -> int:
    """The console script: configuration mistakes get one line, not a traceback."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        return main()
    except ImproperlyConfigured as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run())
