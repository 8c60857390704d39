"""Checks every format shares: what a file must not be, whatever its name says.

Each refusal is a ``ValidationError`` with a stable ``code`` and a Persian message that names
the rule, so the person uploading knows what to fix.
"""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import ValidationError

from nama.core.text import to_persian_digits

# Headers of programs and scripts: Windows PE, ELF, Mach-O (32/64, both byte orders, fat),
# WebAssembly, and a script's shebang line.
_EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"\x00asm",
    b"#!",
)
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_END_OF_DIRECTORY = b"PK\x05\x06"
# A ZIP reader looks for its end-of-central-directory record in the last 22 + 65,535 bytes
# (the record plus the longest comment): a signature there makes the file open as a ZIP.
_ZIP_TAIL = 22 + 65_535


def refuse(code: str, message: str) -> NoReturn:
    raise ValidationError(message, code=code)


def megabytes(value: int) -> str:
    """``5`` → ``۵ مگابایت`` for messages."""
    return f"{to_persian_digits(str(value))} مگابایت"


def check_not_empty(data: bytes) -> None:
    if not data:
        refuse("empty_file", "فایل خالی است؛ فایل درست را دوباره انتخاب کنید.")


def check_not_dangerous(data: bytes) -> None:
    """Refuse programs, scripts, web pages and archives, whatever their name says."""
    if data.startswith(_EXECUTABLE_MAGIC):
        refuse(
            "executable",
            "این فایل برنامه یا اسکریپت اجرایی است، نه سند؛ فایل‌های اجرایی پذیرفته نمی‌شوند.",
        )
    if _looks_like_markup(data):
        refuse(
            "markup",
            "این فایل صفحهٔ وب (HTML)، تصویر SVG یا XML است؛ این نوع فایل پذیرفته نمی‌شود. "
            "سند را به PDF یا تصویر JPG/PNG تبدیل کنید.",
        )
    if data.startswith(_ARCHIVE_MAGIC):
        refuse(
            "archive",
            "فایل فشرده (ZIP، RAR، 7z و مانند آن) پذیرفته نمی‌شود؛ "
            "هر مدرک را جداگانه بارگذاری کنید.",
        )


def _looks_like_markup(data: bytes) -> bool:
    """HTML, SVG and XML start with ``<`` after an optional BOM and whitespace (any encoding)."""
    head = data[:1024]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    text = head.replace(b"\x00", b"").lstrip()
    return text.startswith(b"<")


def check_magic(data: bytes, *, magic: tuple[bytes, ...], label: str) -> None:
    if not data.startswith(magic):
        refuse(
            "magic_mismatch",
            f"محتوای فایل با پسوند آن نمی‌خواند: این فایل واقعاً {label} نیست. "
            "فایل را با همان قالبی که پسوندش می‌گوید ذخیره کنید.",
        )


def check_no_zip_inside(data: bytes) -> None:
    """Refuse a polyglot: a file that also opens as a ZIP archive."""
    if _ZIP_END_OF_DIRECTORY in data[-_ZIP_TAIL:]:
        refuse_polyglot()


def check_no_zip_after(data: bytes, end: int) -> None:
    """Refuse ZIP signatures after the format's own end marker (a ZIP appended to the file)."""
    tail = data[end:]
    if _ZIP_LOCAL_HEADER in tail or _ZIP_END_OF_DIRECTORY in tail:
        refuse_polyglot()


def refuse_polyglot() -> NoReturn:
    refuse(
        "polyglot",
        "در این فایل یک بایگانی ZIP پنهان شده است (فایل دوگانه)؛ پذیرفته نمی‌شود. "
        "سند را دوباره از برنامهٔ اصلی آن ذخیره کنید.",
    )


def refuse_trailing_data(label: str) -> NoReturn:
    refuse(
        "trailing_data",
        f"پس از پایان فایل {label} داده‌ای اضافه آمده است؛ چنین فایلی پذیرفته نمی‌شود. "
        "سند را دوباره از برنامهٔ اصلی آن ذخیره کنید.",
    )


def refuse_damaged(label: str) -> NoReturn:
    refuse(
        "damaged",
        f"فایل {label} خراب است یا خوانده نمی‌شود؛ آن را دوباره ذخیره و بارگذاری کنید.",
    )
