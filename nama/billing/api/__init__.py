"""The bills API (/api/v1/bills) and the revenue staff API (/api/v1/staff/revenue)."""

from ninja import Router

router = Router(tags=["bills"])
revenue_router = Router(tags=["revenue"])
