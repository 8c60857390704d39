"""The demo data: each app contributes an idempotent step returning the logins it made."""

from __future__ import annotations

from collections.abc import Callable

from nama.accounts.demo import demo_accounts
from nama.billing.demo import demo_billing
from nama.core.demo import DemoLogin
from nama.demo.worklist import demo_worklist
from nama.parcels.demo import demo_parcels

DEMO_STEPS: list[Callable[[], list[DemoLogin]]] = [
    demo_accounts,
    demo_parcels,
    demo_worklist,
    demo_billing,
]
