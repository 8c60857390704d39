"""The payments API (/api/v1/payments): start paying a bill, read a payment's status."""

from ninja import Router

router = Router(tags=["payments"])
