"""The two routers (their operations live in the sibling modules)."""

from __future__ import annotations

from ninja import Router

from nama.accounts.api_auth import token_or_session

router = Router(tags=["bills"], auth=token_or_session)
revenue_router = Router(tags=["revenue"], auth=token_or_session)
