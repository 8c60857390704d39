"""The name an uploaded file is kept under: its last path part, cleaned, Persian kept."""

from __future__ import annotations

import unicodedata

from nama.core.text import ZWNJ, normalize_persian

MAX_STEM = 120
MAX_EXTENSION = 10
FALLBACK_STEM = "document"


def normalise_filename(raw: str) -> str:
    """``C:\\\\x\\\\..\\\\سند ملک.PDF`` → ``سند ملک.pdf``.

    Drops directories (either separator), control and format characters (bidi overrides that
    disguise ``fdp.exe`` as ``exe.pdf``; the ZWNJ of Persian words is kept), leading dots and
    surrounding spaces; normalises Persian letters; lower-cases the extension; shortens long
    names. Never empty.
    """
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if _kept(char))
    name = normalize_persian(name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem.rstrip(" .")[:MAX_STEM] or FALLBACK_STEM
    extension = extension.strip().lower()[:MAX_EXTENSION]
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    """The lower-case extension without the dot (``""`` when there is none)."""
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _kept(char: str) -> bool:
    return char == ZWNJ or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
