"""The security audit trail: one function writes it, inside the caller's transaction."""

from __future__ import annotations

import logging
from typing import Any

from nama.accounts.constants import SecurityEventKind
from nama.accounts.models import SecurityEvent, User
from nama.core.http import ClientInfo

logger = logging.getLogger("nama.security")


def record_event(
    kind: SecurityEventKind,
    *,
    client: ClientInfo | None,
    actor: User | None = None,
    subject: User | None = None,
    subject_key: str = "",
    data: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one security event (and log it) — never updated or deleted afterwards."""
    event = SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject,
        subject_key=subject_key[:150],
        ip=client.ip if client else None,
        user_agent=client.user_agent if client else "",
        data=data or {},
    )
    logger.info(
        "security event %s",
        kind.value,
        extra={
            "event": kind.value,
            "actor_id": actor.pk if actor else None,
            "subject_id": subject.pk if subject else None,
            "ip": event.ip,
        },
    )
    return event
