"""Content checks of an uploaded file against the slot it is uploaded for.

``check_file`` runs, in order: not empty; size within the slot's ``max_size_mb`` and
``NAMA_MAX_UPLOAD_MB``; an extension the slot allows (the extension is the format the file
claims); not a program, script, web page/SVG/XML or archive whatever its name; the claimed
format's magic bytes; no ZIP directory in its tail (polyglot); then the format's own check
(``FORMATS``: one module per format), which returns the bytes to store. Every refusal is a
``ValidationError`` with a stable ``code`` and a Persian message naming the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NoReturn, Protocol

from django.conf import settings

from nama.catalog.constants import FileFormat
from nama.documents.constants import Disposition
from nama.documents.validation import dwg, jpeg, pdf, png
from nama.documents.validation.common import (
    check_magic,
    check_no_zip_inside,
    check_not_dangerous,
    check_not_empty,
    megabytes,
    refuse,
)
from nama.documents.validation.names import extension_of

MEGABYTE = 1024 * 1024


class DocumentSlot(Protocol):
    """What an upload is for: the catalogue's ``DocumentSpec`` satisfies it."""

    @property
    def type(self) -> str: ...
    @property
    def formats(self) -> Sequence[str]: ...
    @property
    def max_size_mb(self) -> int: ...
    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class Slot:
    """A ``DocumentSlot`` built by hand (tests, callers without a service definition)."""

    type: str
    formats: Sequence[str]
    max_size_mb: int
    label: str = ""


@dataclass(frozen=True)
class FormatRule:
    format: FileFormat
    extensions: frozenset[str]
    magic: tuple[bytes, ...]
    content_type: str
    disposition: Disposition
    check: Callable[[bytes], bytes] = field(repr=False)


FORMATS: dict[str, FormatRule] = {
    rule.format: rule
    for rule in (
        FormatRule(
            FileFormat.PDF,
            frozenset({"pdf"}),
            pdf.MAGIC,
            "application/pdf",
            Disposition.INLINE,
            pdf.check_pdf,
        ),
        FormatRule(
            FileFormat.JPG,
            frozenset({"jpg", "jpeg"}),
            jpeg.MAGIC,
            "image/jpeg",
            Disposition.INLINE,
            jpeg.check_jpeg,
        ),
        FormatRule(
            FileFormat.PNG,
            frozenset({"png"}),
            png.MAGIC,
            "image/png",
            Disposition.INLINE,
            png.check_png,
        ),
        FormatRule(
            FileFormat.DWG,
            frozenset({"dwg"}),
            dwg.MAGIC,
            "image/vnd.dwg",
            Disposition.ATTACHMENT,
            dwg.check_dwg,
        ),
    )
}


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check: ``content`` is what gets stored."""

    content: bytes
    rule: FormatRule


def size_limit(slot: DocumentSlot) -> int:
    """The most bytes a file for ``slot`` may have: the slot's limit or the global one."""
    return min(slot.max_size_mb, settings.NAMA_MAX_UPLOAD_MB) * MEGABYTE


def refuse_too_large(slot: DocumentSlot) -> NoReturn:
    limit = size_limit(slot) // MEGABYTE
    refuse("too_large", f"حجم فایل بیش از حد مجاز است؛ بیشینهٔ این مدرک {megabytes(limit)} است.")


def check_file(data: bytes, *, filename: str, slot: DocumentSlot) -> CheckedFile:
    """Check ``data`` (named ``filename``, already normalised) as an upload for ``slot``."""
    check_not_empty(data)
    if len(data) > size_limit(slot):
        refuse_too_large(slot)
    rule = _claimed_format(filename, slot)
    check_not_dangerous(data)
    check_magic(data, magic=rule.magic, label=rule.format.label)
    check_no_zip_inside(data)
    return CheckedFile(content=rule.check(data), rule=rule)


def _claimed_format(filename: str, slot: DocumentSlot) -> FormatRule:
    extension = extension_of(filename)
    allowed = [FORMATS[name] for name in slot.formats if name in FORMATS]
    for rule in allowed:
        if extension in rule.extensions:
            return rule
    names = "، ".join(str(rule.format.label) for rule in allowed)
    shown = f"«.{extension}»" if extension else "بدون پسوند"
    title = f"«{slot.label}»" if slot.label else "این مدرک"
    refuse(
        "format_not_allowed",
        f"قالب فایل ({shown}) برای {title} پذیرفته نیست؛ قالب‌های پذیرفته: {names}.",
    )
