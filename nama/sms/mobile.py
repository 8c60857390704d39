"""Iranian mobile numbers: accept what people type, store ``09xxxxxxxxx``.

A local stand-in until ``nama.core.identifiers.validate_mobile`` exists; swap the body of
``normalize_mobile`` for it then (same contract: return the canonical form or raise).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits to ASCII.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Separators people type inside a number: spaces, hyphens, brackets, ZWNJ and bidi marks.
_SEPARATORS = re.compile(r"[\s\-()\u200c\u200e\u200f]")
# [0-9], not \d: \d also matches digits of other scripts.
_MOBILE = re.compile(r"^(?:\+98|0098|98|0)?(9[0-9]{9})$")

INVALID_MOBILE_MESSAGE = "شماره تلفن همراه معتبر نیست؛ نمونه درست: ۰۹۱۲۳۴۵۶۷۸۹"


def normalize_mobile(value: str) -> str:
    """Return ``value`` as ``09xxxxxxxxx`` or raise a Persian ``ValidationError``."""
    ascii_value = _SEPARATORS.sub("", value.translate(_DIGITS))
    match = _MOBILE.fullmatch(ascii_value)
    if match is None:
        raise ValidationError(INVALID_MOBILE_MESSAGE, code="invalid_mobile")
    return "0" + match.group(1)
