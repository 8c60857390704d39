"""A ClamAV daemon (clamd) client speaking its INSTREAM protocol, over TCP or a Unix socket.

The protocol (clamd(8)): send ``zINSTREAM\\0``, then the file in chunks, each prefixed by its
length as a 4-byte big-endian unsigned integer, then a zero-length chunk; clamd answers one
NUL-terminated line: ``stream: OK``, ``stream: <signature> FOUND``, or ``... ERROR`` (for
instance ``INSTREAM size limit exceeded. ERROR`` when the file is larger than clamd's
``StreamMaxLength``, 25 MB by default: set it to at least ``NAMA_MAX_UPLOAD_MB``).

``NAMA_CLAMD_ADDRESS`` is ``unix:/run/clamav/clamd.ctl`` or ``tcp:host:3310``; empty turns
scanning off. When scanning is on and clamd cannot give a verdict (down, timed out, an error
reply), ``scan`` raises ``ScannerUnavailableError``: the caller refuses the upload (fail closed).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096
_COMMAND = b"zINSTREAM\0"
_END = struct.pack("!I", 0)


class ScannerUnavailableError(Exception):
    """clamd gave no verdict: unreachable, too slow, or it answered with an error."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


@dataclass(frozen=True)
class ClamdAddress:
    family: socket.AddressFamily
    target: str | tuple[str, int]

    @classmethod
    def parse(cls, text: str) -> ClamdAddress:
        """``unix:/path`` or ``tcp:host:port``; anything else is a configuration error."""
        scheme, _, rest = text.strip().partition(":")
        if scheme == "unix" and rest.startswith("/"):
            return cls(socket.AF_UNIX, rest)
        host, _, port = rest.rpartition(":")
        if scheme == "tcp" and host and port.isdigit() and 0 < int(port) < 65536:
            return cls(
                socket.AF_INET6 if ":" in host else socket.AF_INET, (host.strip("[]"), int(port))
            )
        raise ImproperlyConfigured(
            f"NAMA_CLAMD_ADDRESS must be 'unix:/path' or 'tcp:host:port', not {text!r}."
        )


class ClamdClient:
    def __init__(self, address: ClamdAddress, *, timeout: float) -> None:
        self.address = address
        self.timeout = timeout

    def instream(self, data: bytes) -> Verdict:
        """Scan ``data``; raise ``ScannerUnavailableError`` when clamd gives no verdict."""
        try:
            with socket.socket(self.address.family, socket.SOCK_STREAM) as sock:
                sock.settimeout(self.timeout)
                sock.connect(self.address.target)
                reply = self._exchange(sock, data)
        except OSError as error:  # refused, reset, timed out (socket.timeout is an OSError)
            raise ScannerUnavailableError(f"clamd: {error!r}") from error
        return parse_reply(reply)

    def _exchange(self, sock: socket.socket, data: bytes) -> bytes:
        try:
            sock.sendall(_COMMAND)
            for start in range(0, len(data), CHUNK_BYTES):
                chunk = data[start : start + CHUNK_BYTES]
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(_END)
        except (BrokenPipeError, ConnectionResetError):
            # clamd stops reading when the stream passes its limit, then says why.
            pass
        return _read_reply(sock)


def _read_reply(sock: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY_BYTES:
        part = sock.recv(1024)
        if not part:
            break
        reply += part
    return reply.split(b"\0", 1)[0]


def parse_reply(raw: bytes) -> Verdict:
    """``stream: OK`` → clean; ``stream: X FOUND`` → infected with X; anything else → error."""
    line = raw.decode("utf-8", "replace").strip()
    _, _, result = line.partition("stream: ")  # after an IDSESSION request number, if any
    if result == "OK":
        return Verdict(infected=False)
    if result.endswith(" FOUND") and result[: -len(" FOUND")].strip():
        return Verdict(infected=True, signature=result[: -len(" FOUND")].strip()[:200])
    raise ScannerUnavailableError(f"clamd replied {line!r}")


def configured_client() -> ClamdClient | None:
    """The client for ``NAMA_CLAMD_ADDRESS``, or None when scanning is off."""
    address = settings.NAMA_CLAMD_ADDRESS.strip()
    if not address:
        return None
    return ClamdClient(ClamdAddress.parse(address), timeout=settings.NAMA_CLAMD_TIMEOUT_SECONDS)
