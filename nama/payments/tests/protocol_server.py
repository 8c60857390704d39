"""A real threaded JSON-over-HTTP server on 127.0.0.1 for the gateway adapters' tests.

Subclasses speak one gateway's protocol in ``answer`` (keeping that gateway's state: tokens,
payments, verifications). Tests may script the next replies: another JSON body, a raw body
(malformed), another HTTP status, or a delay longer than the client waits. A delayed reply is
still the protocol's answer, so the gateway did act and only the answer came late, as happens.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """A scripted answer; ``payload`` None means the protocol's own answer."""

    payload: dict[str, Any] | None = None
    raw_body: bytes | None = None
    http_status: int = 200
    delay: float = 0.0


@dataclass(frozen=True)
class Received:
    path: str
    body: Any  # the decoded JSON, or None when it was not JSON
    content_type: str


class ProtocolServer(ABC):
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Received] = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"gateway": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ProtocolServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    @abstractmethod
    def answer(self, path: str, body: Any) -> dict[str, Any]:
        """The gateway's answer to a well-formed call (each protocol's server says)."""

    def respond(self, received: Received) -> tuple[Reply, bytes]:
        path, body = received.path, received.body
        with self.lock:
            self.requests.append(received)
            reply = self.replies.popleft() if self.replies else Reply()
            if reply.raw_body is not None:
                return reply, reply.raw_body
            payload = reply.payload
            if payload is None:
                payload = self.answer(path, body if isinstance(body, dict) else {})
        return reply, json.dumps(payload, ensure_ascii=False).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    gateway: ProtocolServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except ValueError:
            body = None
        path = urllib.parse.urlsplit(self.path).path
        content_type = self.headers.get("Content-Type", "")
        reply, data = self.gateway.respond(Received(path, body, content_type))
        time.sleep(reply.delay)
        try:
            self.send_response(reply.http_status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout tests)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
