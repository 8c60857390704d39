"""RFC 9457 problem details: the one error format of the API.

Every error body has ``type``, ``title``, ``status``, a stable machine ``code`` and a Persian
``detail`` a person can read; validation errors add ``errors`` (field → messages).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from nama.core.request_context import current_request_id

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://nama.isfahan.ir/problems/"


class ApiError(Exception):
    """An error the API reports to its caller; raise it from services or endpoints."""

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.code
        self.status = status or self.status
        self.errors = errors or {}


class NotFoundError(ApiError):
    status, code, title = 404, "not_found", "Not found"


class ForbiddenError(ApiError):
    status, code, title = 403, "forbidden", "Forbidden"


class ConflictError(ApiError):
    status, code, title = 409, "conflict", "Conflict"


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
        "request_id": current_request_id(),
    }
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    return JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def api_error_response(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return problem_response(
        status=exc.status, code=exc.code, title=exc.title, detail=exc.detail, errors=exc.errors
    )
