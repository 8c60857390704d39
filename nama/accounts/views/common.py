"""What the account pages share: the signed-in user, safe redirects, sign-in, code flows.

A multi-step flow (register → code, forgotten password → code …) keeps what the first step
established in the session, never in hidden fields: the code page cannot be pointed at another
national ID or mobile by editing the page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django_otp import login as otp_login

from nama.accounts.errors import ThrottledError, wait_phrase
from nama.accounts.forms import ServiceForm
from nama.accounts.models import User
from nama.accounts.services.login import record_login
from nama.core import masking
from nama.core.http import ClientInfo
from nama.core.text import to_persian_digits

# The only authentication backend; named because a user found by a code did not pass through
# authenticate().
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CODE_FLOW_SECONDS = 30 * 60
FLOW_EXPIRED = "مهلت این مرحله تمام شده است؛ لطفاً دوباره شروع کنید."
CODE_RESENT = "کد تازه فرستاده شد. کدهای قبلی دیگر کار نمی‌کنند."


def client_of(request: HttpRequest) -> ClientInfo:
    return ClientInfo.from_request(request)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a ``login_required`` view."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def next_param(request: HttpRequest) -> str:
    """The page to return to after signing in, as asked for (still unchecked)."""
    return str(request.POST.get("next") or request.GET.get("next") or "")


def is_safe_next(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, url: str | None) -> str:
    """``url`` when it stays on this site, otherwise the account home (no open redirect)."""
    return url if url and is_safe_next(request, url) else resolve_url(settings.LOGIN_REDIRECT_URL)


def sign_in(request: HttpRequest, user: User, *, method: str, device: Any = None) -> None:
    """Start the session (a new session key: no fixation) and record the sign-in.

    ``device`` is the staff member's OTP device that just accepted their code.
    """
    auth_login(request, user, backend=MODEL_BACKEND)
    if device is not None:
        otp_login(request, device)
    record_login(user=user, client=client_of(request), method=method)


def mask_mobile(mobile: str) -> str:
    """``09121234567`` → ``۰۹۱۲***۴۵۶۷`` (shown left to right)."""
    return to_persian_digits(masking.mask_mobile(mobile))


def masked_mobile_html(mobile: str) -> SafeString:
    """The masked mobile isolated left to right, so that RTL text around it cannot reorder it."""
    return format_html('<bdi dir="ltr">{}</bdi>', mask_mobile(mobile))


def mask_national_id(national_id: str | None) -> str:
    """``0012345679`` → ``۰۰۱****۶۷۹``."""
    return to_persian_digits(masking.mask_national_id(national_id))


@dataclass(frozen=True)
class Flow:
    """A step-by-step form whose state lives in the session for at most ``max_age`` seconds."""

    key: str
    max_age: int = CODE_FLOW_SECONDS

    def start(self, request: HttpRequest, **data: Any) -> None:
        now = int(time.time())
        resend_at = now + settings.NAMA_OTP_RESEND_SECONDS
        request.session[self.key] = {**data, "started": now, "resend_at": resend_at}

    def read(self, request: HttpRequest) -> dict[str, Any] | None:
        state = request.session.get(self.key)
        if not isinstance(state, dict):
            return None
        if time.time() - float(state.get("started", 0)) > self.max_age:
            self.end(request)
            return None
        return state

    def end(self, request: HttpRequest) -> None:
        request.session.pop(self.key, None)

    def resend_after(self, request: HttpRequest, seconds: int) -> None:
        """Remember when another code may be asked for (shown as a countdown)."""
        state = self.read(request)
        if state is not None:
            request.session[self.key] = {**state, "resend_at": int(time.time()) + seconds}

    @staticmethod
    def wait(state: dict[str, Any]) -> int:
        return max(0, int(state.get("resend_at", 0)) - int(time.time()))


def flow_expired(request: HttpRequest, start: str, message: str = FLOW_EXPIRED) -> HttpResponse:
    messages.info(request, message)
    return redirect(start)


def resend(request: HttpRequest, flow: Flow, send: Callable[[ClientInfo], None]) -> None:
    """Ask for another code through ``send``; the service's 60-second rule answers for itself."""
    try:
        send(client_of(request))
    except ThrottledError as error:
        flow.resend_after(request, error.retry_after)
        messages.error(request, error.detail)
        return
    flow.resend_after(request, settings.NAMA_OTP_RESEND_SECONDS)
    messages.success(request, CODE_RESENT)


@dataclass(frozen=True)
class CodePage:
    """The words and links of one code page (the template is shared)."""

    title: str
    lead: str  # may be HTML made with format_html
    action: str
    resend_url: str = ""
    back_url: str = ""
    back_label: str = ""
    submit_label: str = "تأیید"


def render_code_page(
    request: HttpRequest, form: ServiceForm, page: CodePage, state: dict[str, Any]
) -> HttpResponse:
    context = {
        "form": form,
        "page": page,
        "wait": Flow.wait(state),
        "validity": wait_phrase(settings.NAMA_OTP_TTL_SECONDS),
    }
    return render(request, "accounts/code_confirm.html", context)
