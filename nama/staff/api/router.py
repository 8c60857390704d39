"""The staff API's router (its operations live in the sibling modules)."""

from __future__ import annotations

from ninja import Router

from nama.accounts.api_auth import token_or_session

router = Router(tags=["staff"], auth=token_or_session)
