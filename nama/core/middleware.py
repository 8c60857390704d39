"""Request id: taken from a trusted proxy's X-Request-ID or made here, echoed back."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from nama.core.request_context import request_id_var

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$", re.ASCII)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a reverse proxy we sit behind may name the request; clients could forge ids.
        incoming = request.headers.get("X-Request-ID", "") if settings.NAMA_TRUSTED_PROXIES else ""
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        # Not reset afterwards: Django logs "Not Found" and 5xx responses after the middleware
        # chain returns, and those lines must carry the id too. The next request replaces it.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class PersianFirstLocaleMiddleware:
    """Persian for everyone, whatever the browser asks for; another language only by choice.

    Django's LocaleMiddleware follows Accept-Language, which would show an English admin to
    a clerk whose browser is set to English. Here only the language cookie (set by the
    ``set_language`` view at /i18n/setlang/) changes the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
