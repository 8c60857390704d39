"""A real HTTP server on 127.0.0.1 that speaks Kavenegar's REST protocol, for tests.

It checks the API key in the path and the form-encoded fields as Kavenegar does, records every
request, and answers with scripted replies (success by default).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REQUIRED_FIELDS = {
    "sms/send.json": ("receptor", "message"),
    "verify/lookup.json": ("receptor", "token", "template"),
}
MESSAGES = {
    400: "پارامترها ناقص هستند",
    403: "کد شناسائی API-Key معتبر نمی‌باشد",
    404: "متدی با این نام پیدا نشده است",
    409: "سرور قادر به پاسخگوئی نیست بعدا تلاش کنید",
    411: "شماره گیرنده پیام معتبر نمی‌باشد",
    418: "اعتبار حساب شما کافی نیست",
    424: "الگوی مورد نظر پیدا نشد",
    500: "خطای داخلی سرور",
}


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a Kavenegar status, or a raw body, optionally after a delay."""

    status: int = 200
    raw_body: bytes | None = None
    http_status: int | None = None  # Kavenegar mirrors the return status by default
    delay: float = 0.0


@dataclass(frozen=True)
class Received:
    path: str
    action: str
    fields: dict[str, str]
    content_type: str


@dataclass
class KavenegarSandbox:
    api_key: str = "test-api-key"
    replies: deque[Reply] = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)
    next_message_id: int = 8792343

    def __post_init__(self) -> None:
        handler = type("Handler", (_Handler,), {"sandbox": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        # A short poll interval keeps shutdown (once per test) fast.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> KavenegarSandbox:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def answer(self, path: str, fields: dict[str, str]) -> Reply:
        """Kavenegar's own checks first, then the next scripted reply."""
        parts = path.strip("/").split("/", 2)
        if len(parts) != 3 or parts[0] != "v1" or parts[2] not in REQUIRED_FIELDS:
            return Reply(status=404)
        if urllib.parse.unquote(parts[1]) != self.api_key:
            return Reply(status=403)
        if any(not fields.get(name) for name in REQUIRED_FIELDS[parts[2]]):
            return Reply(status=400)
        return self.replies.popleft() if self.replies else Reply()

    def body(self, reply: Reply, fields: dict[str, str]) -> bytes:
        if reply.raw_body is not None:
            return reply.raw_body
        entries: Any = None
        if reply.status == 200:
            entries = [self._entry(fields)]
        message = "تایید شد" if reply.status == 200 else MESSAGES.get(reply.status, "خطا")
        payload = {"return": {"status": reply.status, "message": message}, "entries": entries}
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def _entry(self, fields: dict[str, str]) -> dict[str, Any]:
        self.next_message_id += 1
        return {
            "messageid": self.next_message_id,
            "message": fields.get("message", ""),
            "status": 5,
            "statustext": "ارسال به مخابرات",
            "sender": fields.get("sender", "10004346"),
            "receptor": fields["receptor"],
            "date": int(time.time()),
            "cost": 120,
        }


class _Handler(BaseHTTPRequestHandler):
    sandbox: KavenegarSandbox

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        fields = {name: values[0] for name, values in form.items()}
        path = urllib.parse.urlsplit(self.path).path
        self.sandbox.requests.append(
            Received(
                path=path,
                action=path.rsplit("/", 2)[-2] + "/" + path.rsplit("/", 1)[-1],
                fields=fields,
                content_type=self.headers.get("Content-Type", ""),
            )
        )
        reply = self.sandbox.answer(path, fields)
        time.sleep(reply.delay)
        body = self.sandbox.body(reply, fields)
        try:
            self.send_response(reply.http_status or reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout tests)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
