"""Small files made on the spot: valid documents of each format and the attacks on them."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

# The standard antivirus test file: every scanner reports it, it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

OWNER_PASSWORD = "owner-secret"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _written(writer)


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript: the /Names /JavaScript tree a viewer runs on opening."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("js"), writer._add_object(action)])}
    )
    names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    writer._root_object[NameObject("/Names")] = writer._add_object(names)
    return _written(writer)


def pdf_with_open_action_javascript() -> bytes:
    """JavaScript only in /OpenAction (no /Names tree)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = action
    return _written(writer)


def pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.txt", b"hidden")
    return _written(writer)


def pdf_encrypted(*, user_password: str) -> bytes:
    """AES-256; an empty ``user_password`` leaves only the owner's restrictions."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password=OWNER_PASSWORD, algorithm="AES-256")
    return _written(writer)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg(
    size: tuple[int, int] = (40, 20), *, gps: bool = False, orientation: int | None = None
) -> bytes:
    """A JPEG, optionally with EXIF GPS coordinates and an orientation tag."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "NamaTestCam"  # Make
    if gps:
        exif.get_ifd(GPS_IFD).update(
            {1: "N", 2: (32.0, 39.0, 25.0), 3: "E", 4: (51.0, 40.0, 7.0)}  # Isfahan
        )
    if orientation is not None:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=85)
    return out.getvalue()


def png(size: tuple[int, int] = (30, 20), *, with_text: bool = False) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if with_text:
        info.add_text("Comment", "GPS 32.65,51.66")
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND")


def _chunk(kind: bytes, data: bytes = b"") -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def dwg(version: bytes = b"AC1032", size: int = 512) -> bytes:
    """A minimal DWG: the version string, the header's zero bytes, then filler."""
    head = version + b"\x00" * 5 + b"\x00\x01"
    filler = bytes(range(256)) * (size // 256 + 1)
    return head + filler[: size - len(head)]


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    return out.getvalue()


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def elf_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def shell_script() -> bytes:
    return b"#!/bin/sh\nrm -rf ~\n"


def html_page() -> bytes:
    return b"\xef\xbb\xbf  <!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def svg_image() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b'<circle r="5"/></svg>'
    )
