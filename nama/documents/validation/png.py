"""PNG: a chunk structure ending in IEND with nothing after it, then re-encoded by Pillow."""

from __future__ import annotations

from nama.documents.validation.common import (
    check_no_zip_after,
    refuse_damaged,
    refuse_trailing_data,
)
from nama.documents.validation.images import reencode

MAGIC = (b"\x89PNG\r\n\x1a\n",)
_LABEL = "PNG"


def check_png(data: bytes) -> bytes:
    """Return the re-encoded image when ``data`` is a PNG we accept; refuse otherwise."""
    end = png_end(data)
    check_no_zip_after(data, end)
    if end != len(data):
        refuse_trailing_data(_LABEL)
    return reencode(data, "PNG")


def png_end(data: bytes) -> int:
    """The offset just after the IEND chunk (length, type, data, CRC per chunk)."""
    at = len(MAGIC[0])
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        at += 12 + length
        if kind == b"IEND" and at <= len(data):
            return at
    refuse_damaged(_LABEL)
