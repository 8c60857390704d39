"""Who is calling the API: a bearer token (the mobile app) or Django's session (the web).

Tokens are sent as ``Authorization: Bearer nama_…``; they carry no ambient authority, so they
need no CSRF protection. A session cookie is sent by the browser on its own, so a request
authenticated by the session must carry Django's CSRF token (``X-CSRFToken``) on unsafe methods,
exactly like a Django form; the check runs only when the session is what authenticates.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.accounts.services.tokens import token_in_use
from nama.core.problems import ForbiddenError

CSRF_FAILED = (
    "درخواست بدون توکن امنیتی (CSRF) معتبر رسید. صفحه را تازه کنید و دوباره تلاش کنید؛ "
    "برنامه‌های بیرون از وبگاه باید با توکن دسترسی (Bearer) وارد شوند."
)
_TOKEN_ATTR = "_nama_api_token_id"  # noqa: S105 - an attribute name


def require_csrf(request: HttpRequest) -> None:
    """Refuse an unsafe request that lacks Django's CSRF token (Django's own check)."""
    if check_csrf(request) is not None:
        raise ForbiddenError(CSRF_FAILED, code="csrf_failed")


def mark_second_factor(user: User, *, passed: bool) -> User:
    """Record on the in-memory user whether this sign-in passed the second factor.

    ``nama.accounts.authz.is_verified_staff`` reads ``user.is_verified()``, which django-otp's
    middleware installs only on the session's user.
    """
    user.is_verified = lambda: passed  # type: ignore[attr-defined]
    return user


def presented_token_id(request: HttpRequest) -> int | None:
    """The id of the bearer token that authenticated this request, if one did."""
    token_id = getattr(request, _TOKEN_ATTR, None)
    return token_id if isinstance(token_id, int) else None


def current_user(request: HttpRequest) -> User:
    """The user an operation with ``auth=`` was called by."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError()
    return user


class BearerTokenAuth(HttpBearer):
    """An API token made at sign-in in ``token`` mode: ``Authorization: Bearer nama_…``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        presented = token_in_use(token.strip())
        if presented is None:
            return None
        user = presented.user
        # Staff get a token only after passing the second factor (see the login operations).
        mark_second_factor(user, passed=user.kind == AccountKind.STAFF)
        request.user = user
        setattr(request, _TOKEN_ATTR, presented.pk)
        return user


class SessionAuth(APIKeyCookie):
    """Django's session cookie, for the same-origin web client; unsafe methods need CSRF."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # CSRF is checked below, and only when the session is what authenticates: a bearer
        # client (or an anonymous one) is not refused for lacking a CSRF token.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if key is None or not user.is_authenticated or not isinstance(user, User):
            return None
        require_csrf(request)
        return user


# Bearer first: a mobile client that also holds a stale cookie is judged by its token.
token_or_session = [BearerTokenAuth(), SessionAuth()]
