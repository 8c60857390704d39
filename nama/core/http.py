"""Facts about the client of a request, taken once and passed to services."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class ClientInfo:
    """Who is on the other end: recorded on audit events and used by rate limits."""

    ip: str | None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> ClientInfo:
        return cls(ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")[:300])


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when behind one.

    Behind ``NAMA_TRUSTED_PROXIES`` reverse proxies the client is the entry that many places
    from the right of X-Forwarded-For (entries further left are client-controlled).
    """
    proxies: int = settings.NAMA_TRUSTED_PROXIES
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _valid_ip(hops[-proxies])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it then wants a fragment, not a whole page)."""
    return request.headers.get("HX-Request") == "true"
