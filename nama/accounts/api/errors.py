"""Problem responses the accounts API adds to the shared handlers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from nama.core.problems import api_error_response


def throttled_problem(request: HttpRequest, exc: Any) -> HttpResponse:
    """The handler for ``ThrottledError``: its 429 problem plus ``Retry-After`` in seconds.

    Typed ``Any`` like the shared handlers: ninja's handler type also admits exception classes.
    """
    response = api_error_response(request, exc)
    response["Retry-After"] = str(exc.retry_after)
    return response
