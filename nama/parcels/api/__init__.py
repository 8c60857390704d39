"""The parcels API, mounted at ``/api/v1/parcels`` in ``config/api.py``; public (no sign-in).

``GET ""`` (a map window), ``/at`` (a point), ``/{renewal_code}``, ``/{renewal_code}/setback``
and ``/layers/…`` (districts, streets, street lines). Public facts only: owners, national IDs,
registry plates and postal codes are never in an answer.
"""

from __future__ import annotations

from ninja import Router

from nama.parcels.api import layers, parcels

router: Router = parcels.router
router.add_router("/layers", layers.router)

__all__ = ["router"]
