"""PDF: parses with pypdf, opens without a password, has no active content, ends where it ends.

Stored as sent (a PDF is not rewritten: that could change what a signed or stamped document
shows). What is checked:

* it starts with ``%PDF-`` and, after its last ``%%EOF``, holds nothing but whitespace (so a ZIP
  or anything else appended to it is refused);
* pypdf opens it (non-strict, as viewers do); encrypted files must open with the empty user
  password (owner-only restrictions are fine, a password we do not have is not);
* 1 to ``MAX_PAGES`` pages;
* no JavaScript (``/JS``, ``/JavaScript`` name trees or actions, ``/OpenAction`` or ``/AA`` with
  JavaScript), no embedded files (``/EmbeddedFiles``, ``/EF``, ``/Type /EmbeddedFile``), no
  ``/Launch``, ``/GoToE`` or ``/ImportData`` actions, no XFA forms or RichMedia — in every
  object of the file, reachable or not, including those inside object streams. At most
  ``MAX_OBJECTS`` objects are visited; a larger file is refused as too complex.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from nama.core.text import to_persian_digits
from nama.documents.validation.common import refuse, refuse_damaged, refuse_trailing_data

MAGIC = (b"%PDF-",)
MAX_PAGES = 500
MAX_OBJECTS = 200_000
_EOF = b"%%EOF"
_PADDING = b" \t\r\n\x00\x0c"
_LABEL = "PDF"

_JAVASCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF"})
_ACTIVE_KEYS = frozenset({"/XFA", "/RichMedia", "/RichMediaContent"})
_ACTIONS = {
    "/JavaScript": "pdf_javascript",
    "/Launch": "pdf_launch",
    "/GoToE": "pdf_embedded_file",
    "/ImportData": "pdf_active_content",
}
_MESSAGES = {
    "pdf_javascript": (
        "این PDF کد جاوااسکریپت دارد (برای نمونه در OpenAction یا کنش‌های فرم)؛ "
        "PDF با کد اجرایی پذیرفته نمی‌شود. آن را با «چاپ به PDF» دوباره بسازید."
    ),
    "pdf_embedded_file": (
        "در این PDF فایل دیگری جاسازی شده است؛ پذیرفته نمی‌شود. "
        "هر مدرک را جداگانه بارگذاری کنید یا PDF را بدون پیوست ذخیره کنید."
    ),
    "pdf_launch": "این PDF فرمان اجرای برنامه (Launch) دارد؛ پذیرفته نمی‌شود.",
    "pdf_too_complex": (
        "ساختار این PDF بیش از اندازه پیچیده است؛ آن را با «چاپ به PDF» دوباره بسازید."
    ),
    "pdf_active_content": (
        "این PDF محتوای فعال (فرم XFA، چندرسانه‌ای یا ورود داده) دارد؛ پذیرفته نمی‌شود. "
        "آن را با «چاپ به PDF» دوباره بسازید."
    ),
}

logger = logging.getLogger(__name__)


def check_pdf(data: bytes) -> bytes:
    """Return ``data`` unchanged when it is a PDF we accept; refuse otherwise."""
    _check_end(data)
    reader = _open(data)
    _check_pages(reader)
    _check_active_content(reader)
    return data


def _check_end(data: bytes) -> None:
    end = data.rfind(_EOF)
    if end == -1:
        refuse_damaged(_LABEL)
    if data[end + len(_EOF) :].strip(_PADDING):
        refuse_trailing_data(_LABEL)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    # pypdf parses hostile input: any failure of it means "we cannot read this PDF".
    except Exception as error:  # noqa: BLE001
        logger.info("PDF refused as unreadable: %r", error)
        refuse_damaged(_LABEL)
    if encrypted and not _opens_without_password(reader):
        refuse(
            "pdf_encrypted",
            "این PDF با گذرواژه قفل شده است و باز نمی‌شود؛ نسخهٔ بدون گذرواژه را بارگذاری کنید.",
        )
    return reader


def _opens_without_password(reader: PdfReader) -> bool:
    """Owner-only restrictions open with the empty user password; anything else does not."""
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception as error:  # noqa: BLE001 - an unsupported or broken encryption dictionary
        logger.info("PDF encryption not opened: %r", error)
        return False


def _check_pages(reader: PdfReader) -> None:
    try:
        count = len(reader.pages)
    except Exception as error:  # noqa: BLE001 - see _open
        logger.info("PDF refused: page tree unreadable: %r", error)
        refuse_damaged(_LABEL)
    if count == 0:
        refuse_damaged(_LABEL)
    if count > MAX_PAGES:
        refuse(
            "pdf_too_many_pages",
            f"این PDF {to_persian_digits(str(count))} صفحه دارد؛ "
            f"بیشترین تعداد پذیرفته {to_persian_digits(str(MAX_PAGES))} صفحه است.",
        )


def _check_active_content(reader: PdfReader) -> None:
    try:
        for node in _objects(reader):
            if isinstance(node, DictionaryObject):
                _check_dictionary(node)
    except _RefusalError as refusal:
        refuse(refusal.code, _MESSAGES[refusal.code])
    except Exception as error:  # noqa: BLE001 - see _open
        logger.info("PDF refused: objects unreadable: %r", error)
        refuse_damaged(_LABEL)


class _RefusalError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _check_dictionary(node: DictionaryObject) -> None:
    keys = set(node.keys())
    if keys & _JAVASCRIPT_KEYS:
        raise _RefusalError("pdf_javascript")
    if keys & _EMBEDDED_KEYS or _name(node, "/Type") == "/EmbeddedFile":
        raise _RefusalError("pdf_embedded_file")
    if keys & _ACTIVE_KEYS or _name(node, "/Subtype") == "/RichMedia":
        raise _RefusalError("pdf_active_content")
    action = _name(node, "/S")
    if action in _ACTIONS:
        raise _RefusalError(_ACTIONS[action])


def _name(node: DictionaryObject, key: str) -> str | None:
    value = node.get(key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return str(value) if isinstance(value, NameObject) else None


def _objects(reader: PdfReader) -> Iterator[PdfObject]:
    """Every object of the file: the trailer, each numbered object, and what they contain."""
    if sum(map(len, reader.xref.values())) + len(reader.xref_objStm) > MAX_OBJECTS:
        raise _RefusalError("pdf_too_complex")
    stack: list[PdfObject] = [reader.trailer, *_numbered(reader)]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            resolved = node.get_object()
            if resolved is None:
                continue
            node = resolved
        visited += 1
        if visited > MAX_OBJECTS:
            raise _RefusalError("pdf_too_complex")
        yield node
        if isinstance(node, DictionaryObject):
            stack.extend(dict.values(node))
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))


def _numbered(reader: PdfReader) -> list[IndirectObject]:
    """References to every object the cross-reference tables and object streams list."""
    refs = [
        IndirectObject(number, generation, reader)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ]
    refs += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    return refs
