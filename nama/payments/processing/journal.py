"""Every change of a payment is a compare-and-set on its status, written with its event.

``move`` changes the row only if it still holds the status (and any other values) the caller
saw, in one short transaction with the ``PaymentEvent``; it never waits on a row lock, so no
request holds one while a bank answers. Whoever's update matched owns the next step.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nama.payments.constants import EventKind
from nama.payments.models import Payment, PaymentEvent

RAW_LIMIT: Final = 20_000
# Credentials a provider message might carry (JSON or form-encoded): their values are masked.
_SECRET_FIELD = re.compile(
    r"(merchant_?id|password|api_?key|secret)(\"?\s*[:=]\s*\"?)([^\"&,\s}]*)", re.IGNORECASE
)


def scrub(raw: str) -> str:
    """``raw`` without secrets (credential fields, the configured merchant id), bounded."""
    text = _SECRET_FIELD.sub(r"\1\2***", raw)
    merchant: str = settings.NAMA_ZARINPAL_MERCHANT_ID
    if merchant:
        text = text.replace(merchant, "***")
    return text[:RAW_LIMIT]


def as_raw(data: Mapping[str, str]) -> str:
    """Fields as they arrived (a callback's form or query), as JSON text."""
    return json.dumps({str(k): str(v) for k, v in data.items()}, ensure_ascii=False, sort_keys=True)


def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def record(
    payment: Payment | None,
    *,
    provider: str,
    kind: EventKind,
    raw: str = "",
    note: str = "",
    before: str = "",
    after: str = "",
    remote_addr: str | None = None,
) -> PaymentEvent:
    return PaymentEvent.objects.create(
        payment=payment,
        provider=provider[:20],
        kind=kind,
        status_before=before,
        status_after=after,
        raw=scrub(raw),
        note=note[:300],
        remote_addr=_ip(remote_addr),
    )


def note(
    payment: Payment,
    *,
    kind: EventKind,
    raw: str = "",
    note: str = "",
    remote_addr: str | None = None,
) -> None:
    """A message about ``payment`` that changed nothing (a repeat, a late callback)."""
    record(
        payment,
        provider=payment.provider,
        kind=kind,
        raw=raw,
        note=note,
        before=payment.status,
        after=payment.status,
        remote_addr=remote_addr,
    )


def move(
    payment: Payment,
    *,
    to: str,
    kind: EventKind,
    raw: str = "",
    note: str = "",
    remote_addr: str | None = None,
    where: Mapping[str, Any] | None = None,
    **fields: Any,
) -> bool:
    """Set ``payment`` to status ``to`` with ``fields`` if its row still has the status it has
    in memory (and ``where``); record the event. True if this call made the change."""
    before = payment.status
    now = timezone.now()
    if "failure" in fields:
        fields["failure"] = str(fields["failure"])[:300]
    with transaction.atomic():
        changed = Payment.objects.filter(pk=payment.pk, status=before, **(where or {})).update(
            status=to, updated_at=now, **fields
        )
        if changed:
            record(
                payment,
                provider=payment.provider,
                kind=kind,
                raw=raw,
                note=note,
                before=before,
                after=to,
                remote_addr=remote_addr,
            )
    if changed:
        payment.status, payment.updated_at = to, now
        for name, value in fields.items():
            setattr(payment, name, value)
    return bool(changed)
