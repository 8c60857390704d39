"""The accounts API: ``/api/v1/auth`` (registration, sign-in, password) and ``/api/v1/me``.

Mounted in ``config/api.py`` together with ``throttled_problem`` for ``ThrottledError``.
Who may call what is described in ``nama.accounts.api_auth``.
"""

from __future__ import annotations

from ninja import Router

from nama.accounts.api import login, password, profile, registration, representations
from nama.accounts.api.errors import throttled_problem

auth_router = Router()
auth_router.add_router("", registration.router)
auth_router.add_router("", login.router)
auth_router.add_router("", password.router)

me_router = profile.router
me_router.add_router("/representations", representations.router)

__all__ = ["auth_router", "me_router", "throttled_problem"]
