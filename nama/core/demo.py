"""What every app's demo step returns: the logins it made, printed by ``nama demo``."""

from __future__ import annotations

from dataclasses import dataclass

# Demo data only: printed on the console by `nama demo`, never used outside the demo.
DEMO_PASSWORD = "Nama-demo-1404"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str = DEMO_PASSWORD
    note: str = ""
