"""Problem+json handlers for a NinjaAPI: every error leaves the API in one format."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from nama.core.problems import ApiError, api_error_response, problem_response

logger = logging.getLogger(__name__)


class PersianJSONRenderer(JSONRenderer):
    """JSON with Persian text as text, not ``\\u`` escapes (smaller, readable in logs)."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


def install_problem_handlers(api: NinjaAPI) -> None:
    """Register the problem+json exception handlers on ``api``."""
    for exc_class, handler in _HANDLERS:
        api.add_exception_handler(exc_class, handler)


def _field_name(location: Any) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "form", "file"} and len(parts) > 2:
        parts = parts[2:]  # drop the location and the endpoint's parameter name
    elif parts and parts[0] in {"body", "query", "path", "form", "header", "cookie", "file"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


# Pydantic error types → Persian messages; others keep pydantic's English text.
_PYDANTIC_MESSAGES = {
    "missing": "این مورد الزامی است.",
    "int_parsing": "باید یک عدد صحیح باشد.",
    "int_type": "باید یک عدد صحیح باشد.",
    "float_parsing": "باید یک عدد باشد.",
    "bool_parsing": "باید بله یا خیر باشد.",
    "string_type": "باید متن باشد.",
    "string_too_short": "کوتاه‌تر از حد مجاز است.",
    "string_too_long": "بلندتر از حد مجاز است.",
    "string_pattern_mismatch": "قالب آن درست نیست.",
    "greater_than": "کوچک‌تر از حد مجاز است.",
    "greater_than_equal": "کوچک‌تر از حد مجاز است.",
    "less_than": "بزرگ‌تر از حد مجاز است.",
    "less_than_equal": "بزرگ‌تر از حد مجاز است.",
    "literal_error": "مقدار آن مجاز نیست.",
    "enum": "مقدار آن مجاز نیست.",
    "json_invalid": "بدنه درخواست JSON معتبر نیست.",
    "date_from_datetime_parsing": "تاریخ درست نیست.",
    "date_parsing": "تاریخ درست نیست.",
    "uuid_parsing": "شناسه درست نیست.",
    "extra_forbidden": "این مورد مجاز نیست.",
}


def _error_message(error: dict[str, Any]) -> str:
    return _PYDANTIC_MESSAGES.get(str(error.get("type")), str(error.get("msg")))


def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(_error_message(error))
    return problem_response(
        status=422,
        code="validation_error",
        title="Unprocessable content",
        detail="داده‌های ارسالی معتبر نیست؛ خطاهای هر فیلد را ببینید.",
        errors=errors,
    )


def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem_response(
        status=422,
        code="validation_error",
        title="Unprocessable content",
        detail="؛ ".join(exc.messages),
        errors={key: list(value) for key, value in errors.items()},
    )


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        status=401,
        code="not_authenticated",
        title="Unauthorized",
        detail="برای این درخواست باید وارد سامانه شوید.",
    )


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(
        status=404, code="not_found", title="Not found", detail="مورد درخواستی پیدا نشد."
    )


_HTTP_ERROR_TEXT = {
    400: ("bad_request", "Bad request", "درخواست نادرست است."),
    401: ("not_authenticated", "Unauthorized", "برای این درخواست باید وارد سامانه شوید."),
    403: ("forbidden", "Forbidden", "اجازه این کار را ندارید."),
    404: ("not_found", "Not found", "مورد درخواستی پیدا نشد."),
    405: ("method_not_allowed", "Method not allowed", "این روش درخواست پشتیبانی نمی‌شود."),
    429: (
        "too_many_requests",
        "Too many requests",
        "تعداد درخواست‌ها زیاد است؛ کمی بعد دوباره تلاش کنید.",
    ),
}


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, title, detail = _HTTP_ERROR_TEXT.get(
        exc.status_code, ("error", "Error", "خطا در پردازش درخواست.")
    )
    return problem_response(status=exc.status_code, code=code, title=title, detail=detail)


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error")
    return problem_response(
        status=500,
        code="internal_error",
        title="Internal server error",
        detail="خطای پیش‌بینی‌نشده‌ای رخ داد؛ با شناسه درخواست به پشتیبانی اطلاع دهید.",
    )


_HANDLERS: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
    (ApiError, api_error_response),
    (NinjaValidationError, _validation_error),
    (DjangoValidationError, _django_validation_error),
    (AuthenticationError, _authentication_error),
    (Http404, _not_found),
    (HttpError, _http_error),
    (Exception, _unexpected),
]


def not_found_view(request: HttpRequest, path: str = "") -> HttpResponse:
    """Unknown paths under /api/ answer in the API's format, not as an HTML page."""
    return _not_found(request, Http404())
