"""Kavenegar (kavenegar.com) REST adapter: form-encoded POSTs, the API key in the path.

Plain messages: ``{base}/v1/{API_KEY}/sms/send.json`` with ``receptor, sender, message``.
One-time codes: ``{base}/v1/{API_KEY}/verify/lookup.json`` with ``receptor, token, template``.
Every answer is ``{"return": {"status": 200, "message": …}, "entries": [...]}``; any other
status is an error. Kavenegar also sends that status as the HTTP status, so error bodies are
read too.

The API key is part of the URL, so no URL ever goes into an error message or a log line.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from nama.sms.backends.base import PermanentSmsError, SmsError, SmsMessage, TransientSmsError
from nama.sms.constants import SmsKind

# Kavenegar's documented statuses that mean "not now" rather than "never":
# 409 "the server cannot answer, try later" and 402 "the operation failed" (no cause given).
# Every 5xx is transient too. The rest need a person to act, so retrying only repeats them:
# 400/406 missing parameters, 401 account disabled, 403 bad API key, 407 IP not allowed,
# 411 bad receptor, 412 bad sender, 413 empty or too long, 418 not enough credit,
# 422 bad characters, 424 template not found or not approved, 431/432 bad token or template.
# 418 included: once the account is topped up, an admin re-queues with the admin's "retry".
TRANSIENT_STATUSES = frozenset({402, 409})
# Plain HTTP statuses (the body is not Kavenegar's) worth retrying, besides every 5xx.
TRANSIENT_HTTP_STATUSES = frozenset({408, 425, 429})


class KavenegarBackend:
    name = "kavenegar"

    def __init__(self, *, api_key: str, base_url: str, timeout: float, sender: str = "") -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.sender = sender

    @classmethod
    def from_settings(cls) -> KavenegarBackend:
        return cls(
            api_key=settings.KAVENEGAR_API_KEY,
            base_url=settings.KAVENEGAR_BASE_URL,
            timeout=settings.NAMA_SMS_TIMEOUT_SECONDS,
            sender=settings.KAVENEGAR_SENDER,
        )

    def configuration_problem(self) -> str | None:
        """Why this backend cannot send at all, or None (also used by the system check)."""
        if not self.api_key:
            return "KAVENEGAR_API_KEY is not set"
        if urllib.parse.urlsplit(self.base_url).scheme not in {"http", "https"}:
            return "KAVENEGAR_BASE_URL must be an http(s) URL"
        return None

    def send(self, message: SmsMessage) -> str:
        problem = self.configuration_problem()
        if problem is not None:
            raise PermanentSmsError(problem)
        if message.kind == SmsKind.OTP:
            return self._post("verify/lookup.json", self._lookup_fields(message))
        return self._post("sms/send.json", self._send_fields(message))

    def _send_fields(self, message: SmsMessage) -> dict[str, str]:
        fields = {"receptor": message.to, "message": message.text}
        if self.sender:
            fields["sender"] = self.sender
        return fields

    def _lookup_fields(self, message: SmsMessage) -> dict[str, str]:
        if not message.template:
            raise PermanentSmsError("no Kavenegar OTP template (KAVENEGAR_OTP_TEMPLATE)")
        return {"receptor": message.to, "token": message.token, "template": message.template}

    def url(self, path: str) -> str:
        return f"{self.base_url}/v1/{urllib.parse.quote(self.api_key, safe='')}/{path}"

    def _post(self, path: str, fields: dict[str, str]) -> str:
        request = urllib.request.Request(  # noqa: S310 - http(s) only, see configuration_problem
            self.url(path),
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
            method="POST",
        )
        http_status, body = _exchange(request, self.timeout)
        return parse_response(http_status, body)


def _exchange(request: urllib.request.Request, timeout: float) -> tuple[int, bytes]:
    """Return (HTTP status, body); a network failure is a ``TransientSmsError``."""
    try:
        return _open(request, timeout)
    except TimeoutError as exc:
        raise TransientSmsError("Kavenegar did not answer in time") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise TransientSmsError("Kavenegar did not answer in time") from exc
        raise TransientSmsError(f"cannot reach Kavenegar: {_reason(exc.reason)}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise TransientSmsError(f"cannot reach Kavenegar: {_reason(exc)}") from exc


def _open(request: urllib.request.Request, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


def _reason(reason: str | BaseException) -> str:
    """A short cause without the URL (which holds the API key)."""
    return reason if isinstance(reason, str) else type(reason).__name__


def parse_response(http_status: int, body: bytes) -> str:
    """Return the message id of a successful answer, or raise the matching ``SmsError``."""
    payload = _json(body)
    envelope = _envelope(payload)
    if envelope is None:
        raise _http_error(http_status)
    status, text = envelope
    if status != 200:
        raise classify(status, text)
    return _message_id(payload)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def _envelope(payload: Any) -> tuple[int, str] | None:
    """The ``return`` part as (status, message), or None when it is not Kavenegar's shape."""
    try:
        result = payload["return"]
        return int(result["status"]), str(result.get("message", ""))
    except (TypeError, KeyError, ValueError, AttributeError):
        return None


def _message_id(payload: Any) -> str:
    entries = payload.get("entries") if isinstance(payload, dict) else None
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        return str(entries[0].get("messageid", ""))[:64]
    return ""


def classify(status: int, message: str) -> SmsError:
    """Map a Kavenegar return status other than 200 to a permanent or transient error."""
    text = f"Kavenegar {status}: {message}".strip()
    if status >= 500 or status in TRANSIENT_STATUSES:
        return TransientSmsError(text)
    return PermanentSmsError(text)


def _http_error(http_status: int) -> SmsError:
    text = f"Kavenegar answered HTTP {http_status} without a readable result"
    if http_status == 200 or http_status >= 500 or http_status in TRANSIENT_HTTP_STATUSES:
        # A garbled 200 is retried: we cannot tell whether the message went out, and a
        # duplicate SMS is the lesser harm than a lost one.
        return TransientSmsError(text)
    return PermanentSmsError(text)
