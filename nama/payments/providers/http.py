"""JSON over HTTP for the gateway adapters: one POST, its raw record, and its answer read.

A network failure, a timeout or an HTTP 5xx means the outcome is unknown, so it is a
``ProviderTimeoutError`` (the caller asks again: verify and reverse are idempotent at the
gateways). ``raw`` records what was sent and what came back; callers leave secrets out of the
body they show.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nama.payments.providers.base import ProviderError, ProviderTimeoutError

RAW_BODY_LIMIT = 4000


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    text: str


def post_json(url: str, body: Mapping[str, object], *, timeout: float, gateway: str) -> Answer:
    """POST ``body`` as JSON to ``url`` (http or https, checked by the adapter's settings)."""
    request = urllib.request.Request(  # noqa: S310 - adapters only build http(s) URLs
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        status, data = _open(request, timeout)
    except TimeoutError as exc:
        raise ProviderTimeoutError(f"{gateway} در زمان مقرر پاسخ نداد.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise ProviderTimeoutError(f"{gateway} در زمان مقرر پاسخ نداد.") from exc
        raise ProviderTimeoutError(f"اتصال به {gateway} برقرار نشد.") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise ProviderTimeoutError(f"اتصال به {gateway} برقرار نشد.") from exc
    return Answer(status, data.decode("utf-8", errors="replace"))


def _open(request: urllib.request.Request, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


def record(action: str, shown_body: Mapping[str, object], answer: Answer | None) -> str:
    """The exchange as staff read it: what was sent, then the HTTP status and the reply."""
    sent = f"POST {action}\n{json.dumps(shown_body, ensure_ascii=False, sort_keys=True)}"
    if answer is None:
        return sent
    return f"{sent}\nHTTP {answer.status}\n{answer.text[:RAW_BODY_LIMIT]}"


def read_json(answer: Answer, *, raw: str, gateway: str, unknown_if_garbled: bool) -> Any:
    """The decoded JSON object of an answer.

    A garbled answer to a verify or reverse (``unknown_if_garbled``) may hide a done deed, so
    it is an unknown outcome like a timeout; a garbled token answer moved no money.
    """
    if answer.status >= 500:
        raise ProviderTimeoutError(f"{gateway} پاسخ خطای HTTP {answer.status} داد.", raw=raw)
    try:
        payload = json.loads(answer.text)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        error = ProviderTimeoutError if unknown_if_garbled else ProviderError
        raise error(f"پاسخ {gateway} خوانا نیست (HTTP {answer.status}).", raw=raw)
    return payload


def as_int(value: object) -> int | None:
    """An integer sent as a JSON number or as ASCII digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isascii() and value.lstrip("-").isdigit():
        return int(value)
    return None


def settings_problem(
    *, credential: str, credential_name: str, base_url: str, url_name: str
) -> str | None:
    """Why an HTTP provider cannot work with these settings (for the system checks), or None."""
    if not credential:
        return f"{credential_name} is not set"
    if urllib.parse.urlsplit(base_url).scheme not in {"http", "https"}:
        return f"{url_name} must be an http(s) URL"
    return None
