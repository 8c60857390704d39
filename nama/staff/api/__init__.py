"""The staff API, mounted at ``/api/v1/staff`` in ``config/api.py``: the work queue, search,
a request's file, holds (claim, release, assign, bulk reassignment), workflow actions and
internal notes — for the staff pages' scripts and a future inspector app.

Authentication as in ``nama.accounts.api_auth`` (bearer token, or the session plus
``X-CSRFToken``); staff roles count only after the second factor. Anyone who is not staff of
a request's district — citizens, the applicant themself, staff of other districts, a staff
session without the second factor — gets the same 404 as for a code that does not exist.
"""

from __future__ import annotations

from nama.staff.api import cases, holds, queue
from nama.staff.api.router import router

__all__ = ["cases", "holds", "queue", "router"]
