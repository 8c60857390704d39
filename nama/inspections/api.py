"""The inspections API, mounted at ``/api/v1/staff/inspections`` in ``config/api.py``."""

from __future__ import annotations

from ninja import Router

from nama.accounts.api_auth import token_or_session

router = Router(tags=["inspections"], auth=token_or_session)
