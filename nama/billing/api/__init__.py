"""The bills API (/api/v1/bills) and the revenue staff API (/api/v1/staff/revenue), mounted in
``config/api.py``.

Authentication as in ``nama.accounts.api_auth`` (bearer token, or the session plus
``X-CSRFToken``). Errors are problem+json with a Persian ``detail``.
"""

from __future__ import annotations

from nama.billing.api import bills, duties, fees, revenue
from nama.billing.api.routers import revenue_router, router

__all__ = ["bills", "duties", "fees", "revenue", "revenue_router", "router"]
