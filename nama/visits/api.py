"""The visits API, mounted at ``/api/v1/visits`` in ``config/api.py``."""

from __future__ import annotations

from ninja import Router

from nama.accounts.api_auth import token_or_session

router = Router(tags=["visits"], auth=token_or_session)
