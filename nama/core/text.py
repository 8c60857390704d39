"""Persian text normalisation (domain reference, section 9).

Three levels, each built on the one before:

* ``strip_invisible`` drops characters that carry no text: BOM, zero-width space and the bidi
  controls (LRM, RLM, ALM, embeddings, overrides, isolates). Identifiers use only this level, so a
  tatweel typed as a separator is not silently glued away.
* ``normalize_persian`` is the form text is stored in: Arabic letters mapped to Persian, tatweel and
  harakat removed, whitespace collapsed; the zero-width non-joiner (نیم‌فاصله) is kept.
* ``search_key`` is for comparison only: digits to ASCII, ZWNJ and ZWJ dropped, casefolded.
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
ZWJ = "\u200d"

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(_PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS, _ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(_ASCII_DIGITS + _ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS * 2)

# BOM, zero-width space, LRM/RLM, Arabic letter mark, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
_INVISIBLE = "\ufeff\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Tatweel, tanwin, harakat, shadda, sukun and the small high/low marks (U+0656–U+065F), superscript
# alef. Madda and hamza above/below (U+0653–U+0655) are kept: they form letters such as آ, ئ, ۀ.
_STRIPPED_MARKS = (
    "\u0640"
    + "".join(chr(c) for c in range(0x064B, 0x0653))
    + "".join(chr(c) for c in range(0x0656, 0x0660))
    + "\u0670"
)

_DELETE_INVISIBLE = str.maketrans("", "", _INVISIBLE)
_DELETE = str.maketrans("", "", _INVISIBLE + _STRIPPED_MARKS)
_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# NFC composes Arabic ي + hamza above into ئ but has no rule for Persian ی or ى, so every yeh
# is made Arabic before composing and Persian after.
_TO_ARABIC_YEH = str.maketrans({"ی": "ي", "ى": "ي"})

# A run of whitespace and ZWNJ inside one line: a ZWNJ next to a space means nothing.
_SPACE_OR_ZWNJ_RUN = re.compile(r"[\s\u200c]+")
_ANY_WHITESPACE = re.compile(r"\s+")


def normalize_digits(s: str) -> str:
    """Map Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; everything else is unchanged."""
    return s.translate(_TO_ASCII_DIGITS)


def to_persian_digits(s: str) -> str:
    """Map ASCII and Arabic-Indic digits to Persian digits (۰–۹) for display."""
    return s.translate(_TO_PERSIAN_DIGITS)


def strip_invisible(s: str) -> str:
    """Remove the BOM, zero-width space and bidi control characters; keep ZWNJ and ZWJ."""
    return s.translate(_DELETE_INVISIBLE)


def normalize_persian(s: str) -> str:
    """Return the stored form of Persian text.

    Arabic ي ى → ی and ك → ک; tatweel, harakat, BOM and bidi controls removed; NFC applied.
    Within each line whitespace runs become one space and lines are trimmed; runs of blank lines
    become one blank line (paragraphs survive). ZWNJ is kept, but repeated ZWNJs become one and a
    ZWNJ touching a space or a line edge is dropped. Digits are left as typed.
    """
    composed = unicodedata.normalize("NFC", s.translate(_DELETE).translate(_TO_ARABIC_YEH))
    text = composed.translate(_ARABIC_TO_PERSIAN)
    lines = [_normalize_line(line) for line in text.splitlines()]
    return "\n".join(_squeeze_blank_lines(lines)).strip("\n")


def search_key(s: str) -> str:
    """Return a key for matching text regardless of spelling variants, digits, ZWNJ and case."""
    text = normalize_digits(normalize_persian(s)).replace(ZWNJ, "").replace(ZWJ, "")
    text = unicodedata.normalize("NFC", text.casefold())
    return _ANY_WHITESPACE.sub(" ", text).strip()


def _normalize_line(line: str) -> str:
    """Collapse whitespace and stray ZWNJs within one line."""
    collapsed = _SPACE_OR_ZWNJ_RUN.sub(_space_or_zwnj, line)
    return collapsed.strip(" " + ZWNJ)


def _space_or_zwnj(match: re.Match[str]) -> str:
    run = match.group()
    return ZWNJ if run.strip(ZWNJ) == "" else " "


def _squeeze_blank_lines(lines: list[str]) -> list[str]:
    """Drop a blank line that follows another blank line."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return kept
