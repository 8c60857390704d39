"""A local server that speaks clamd's INSTREAM protocol, for tests.

It parses the stream as clamd does (``zINSTREAM\\0``, 4-byte big-endian chunk lengths, a
zero-length end), enforces a stream size limit like clamd's ``StreamMaxLength``, reports the
EICAR test string as ``Win.Test.EICAR_HDB-1 FOUND``, and can be told to misbehave: answer with
an error, hang past the client's timeout, or close without a word.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from nama.documents.tests.samples import EICAR

Mode = Literal["scan", "error", "hang", "close"]
EICAR_SIGNATURE = "Win.Test.EICAR_HDB-1"


@dataclass
class FakeClamd:
    mode: Mode = "scan"
    max_stream_bytes: int = 25 * 1024 * 1024
    hang_seconds: float = 3.0
    unix_path: Path | None = None
    received: list[bytes] = field(default_factory=list)
    commands: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        handler = type("Handler", (_Handler,), {"fake": self})
        server: socketserver.ThreadingUnixStreamServer | socketserver.ThreadingTCPServer
        if self.unix_path is not None:
            server = socketserver.ThreadingUnixStreamServer(str(self.unix_path), handler)
        else:
            server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.block_on_close = False
        self.server = server
        self.thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def address(self) -> str:
        """The value for NAMA_CLAMD_ADDRESS."""
        if self.unix_path is not None:
            return f"unix:{self.unix_path}"
        address = self.server.server_address
        assert isinstance(address, tuple)
        return f"tcp:127.0.0.1:{address[1]}"

    def start(self) -> FakeClamd:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def verdict(self, data: bytes) -> bytes:
        if self.mode == "error":
            return b"stream: Can't allocate memory ERROR"
        if EICAR in data:
            return f"stream: {EICAR_SIGNATURE} FOUND".encode()
        return b"stream: OK"


class _Handler(socketserver.BaseRequestHandler):
    fake: FakeClamd

    def handle(self) -> None:
        sock: socket.socket = self.request
        command = _read_until(sock, b"\0")
        self.fake.commands.append(command)
        if command != b"zINSTREAM\0":
            sock.sendall(b"UNKNOWN COMMAND\0")
            return
        data = self._stream(sock)
        if data is None:
            sock.sendall(b"INSTREAM size limit exceeded. ERROR\0")
            return
        self.fake.received.append(data)
        if self.fake.mode == "hang":
            time.sleep(self.fake.hang_seconds)
            return
        if self.fake.mode == "close":
            return
        sock.sendall(self.fake.verdict(data) + b"\0")

    def _stream(self, sock: socket.socket) -> bytes | None:
        data = bytearray()
        while True:
            (length,) = struct.unpack("!I", _read_exactly(sock, 4))
            if length == 0:
                return bytes(data)
            data += _read_exactly(sock, length)
            if len(data) > self.fake.max_stream_bytes:
                return None


def _read_until(sock: socket.socket, end: bytes) -> bytes:
    data = b""
    while not data.endswith(end) and len(data) < 64:
        part = sock.recv(1)
        if not part:
            break
        data += part
    return data


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            raise ConnectionError("client closed the stream early")
        data += part
    return data
