"""The security page: the account's API tokens (revocable) and its recent security events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from nama.accounts.models import ApiToken, OneTimeCode, SecurityEvent, User
from nama.accounts.selectors import security_events_of, tokens_of
from nama.accounts.services.tokens import revoke_token
from nama.accounts.views.common import client_of, signed_in_user
from nama.core.problems import NotFoundError

RECENT_EVENTS = 20
TOKEN_REVOKED = "توکن لغو شد؛ برنامه‌ای که با آن وارد شده بود دیگر دسترسی ندارد."  # noqa: S105
# What the stored details of an event mean to its reader.
METHODS = {
    "password": "با گذرواژه",
    "password+totp": "با گذرواژه و رمز دوم",
    "code": "با کد پیامکی",
    "registration": "پس از ثبت‌نام",
}
PURPOSES = dict(OneTimeCode.Purpose.choices)


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    status: str
    usable: bool


@dataclass(frozen=True)
class EventRow:
    label: str
    at: datetime
    ip: str | None
    detail: str


@login_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {"tokens": _tokens(user), "events": _events(user)}
    return render(request, "accounts/security.html", context)


def _tokens(user: User) -> list[TokenRow]:
    now = timezone.now()
    rows = []
    for token in tokens_of(user)[:50]:
        if token.revoked_at is not None:
            status = "لغو شده"
        elif token.expires_at <= now:
            status = "منقضی"
        else:
            status = "فعال"
        rows.append(TokenRow(token, status, usable=status == "فعال"))
    return rows


def _events(user: User) -> list[EventRow]:
    events = security_events_of(user)[:RECENT_EVENTS]
    return [
        EventRow(event.get_kind_display(), event.created_at, event.ip, _detail(event, user))
        for event in events
    ]


def _detail(event: SecurityEvent, user: User) -> str:
    purpose = str(event.data.get("purpose", ""))
    parts = [
        METHODS.get(str(event.data.get("method", "")), ""),
        f"برای {PURPOSES[purpose]}" if purpose in PURPOSES else "",
    ]
    if event.actor is not None and event.actor_id != user.pk:
        parts.append(f"توسط {event.actor.display_name}")
    return "؛ ".join(part for part in parts if part)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        revoke_token(user=signed_in_user(request), token_id=token_id, client=client_of(request))
    except NotFoundError as error:
        raise Http404(error.detail) from error
    messages.success(request, TOKEN_REVOKED)
    return redirect("accounts:security")
