"""What billing tells other apps. ``bill_paid`` is sent after the commit that recorded the
bill's receipt (once per bill, whatever the route: gateway or bank file)."""

from __future__ import annotations

from django.dispatch import Signal

# sender=Bill, bill=<Bill>
bill_paid = Signal()
