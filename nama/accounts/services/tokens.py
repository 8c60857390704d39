"""Bearer tokens for the mobile app: shown once, stored as a hash, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.models import ApiToken, User
from nama.core.http import ClientInfo
from nama.core.problems import NotFoundError

TOKEN_PREFIX = "nama_"  # noqa: S105 - a public prefix, not a secret
# Writing last_used_at on every request would make each API call a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _lifetime(user: User) -> timedelta:
    # A staff token stands for a second-factor check: it lives for a working day, not weeks.
    if user.kind == AccountKind.STAFF:
        return timedelta(hours=settings.NAMA_STAFF_API_TOKEN_HOURS)
    return timedelta(days=settings.NAMA_API_TOKEN_DAYS)


def create_token(*, user: User, name: str, client: ClientInfo | None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with the raw secret (never stored, shown once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=(name or "").strip()[:100] or "برنامه همراه",
            prefix=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
            key_hash=_digest(raw),
            expires_at=timezone.now() + _lifetime(user),
        )
        record_event(
            SecurityEventKind.TOKEN_CREATED,
            client=client,
            actor=user,
            subject=user,
            data={"token": token.prefix},
        )
    return token, raw


def token_in_use(raw: str) -> ApiToken | None:
    """The usable token (with its active user) whose secret is ``raw``, or None.

    Marks the token as used (at most once a minute).
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_token(*, user: User, token_id: int, client: ClientInfo | None) -> None:
    """Revoke one of the user's own tokens (idempotent)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise NotFoundError("این توکن پیدا نشد.")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(
                SecurityEventKind.TOKEN_REVOKED,
                client=client,
                actor=user,
                subject=user,
                data={"token": token.prefix},
            )
