"""JPEG: a well-formed marker structure up to its end (EOI), then re-encoded by Pillow.

The walk over the markers finds where the image really ends. Data after it is common and
harmless in camera files (a second, smaller image of the multi-picture format) and is dropped
by re-encoding; a ZIP there makes the file a polyglot and is refused.
"""

from __future__ import annotations

from nama.documents.validation.common import check_no_zip_after, refuse_damaged
from nama.documents.validation.images import reencode

MAGIC = (b"\xff\xd8\xff",)
_LABEL = "JPG"
_EOI = 0xD9
_SOS = 0xDA
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0–RST7 carry no length


def check_jpeg(data: bytes) -> bytes:
    """Return the re-encoded image when ``data`` is a JPEG we accept; refuse otherwise."""
    check_no_zip_after(data, jpeg_end(data))
    return reencode(data, "JPEG")


def jpeg_end(data: bytes) -> int:
    """The offset just after the EOI marker that ends the first image."""
    size = len(data)
    at = 2  # after SOI
    while at < size:
        if data[at] != 0xFF:
            break
        while at < size and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= size:
            break
        marker = data[at]
        at += 1
        if marker == _EOI:
            return at
        if marker in _STANDALONE:
            continue
        if at + 2 > size:
            break
        length = int.from_bytes(data[at : at + 2], "big")
        if length < 2:
            break
        at += length
        if marker == _SOS:
            at = _entropy_end(data, at)
    refuse_damaged(_LABEL)


def _entropy_end(data: bytes, at: int) -> int:
    """Skip entropy-coded data: ``FF 00`` is a stuffed byte, ``FF D0``–``D7`` a restart."""
    while True:
        found = data.find(b"\xff", at)
        if found == -1 or found + 1 >= len(data):
            return len(data)  # the caller finds no marker there and refuses
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            at = found + 2
            continue
        if following == 0xFF:
            at = found + 1
            continue
        return found
