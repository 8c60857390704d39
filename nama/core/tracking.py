"""Tracking codes (کد رهگیری): 12 digits, random, with a Verhoeff check digit.

Digits only, because citizens read them over the phone and type them on phone keypads; the
Verhoeff check digit catches every single-digit typo and every swap of adjacent digits. Eleven
random digits (10^11 codes) are not guessable in practice, and public tracking also asks for
the applicant's national ID and is rate-limited.
"""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError

from nama.core.text import normalize_digits

LENGTH = 12
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]
_SEPARATORS = re.compile(r"[\s\-_.‌]")
_DIGITS = re.compile(r"^[0-9]+$", re.ASCII)


def _checksum(digits: str) -> int:
    check = 0
    for i, char in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(char)]]
    return check


def verhoeff_digit(payload: str) -> str:
    """The check digit to append to ``payload`` (ASCII digits)."""
    check = 0
    for i, char in enumerate(reversed(payload)):
        check = _D[check][_P[(i + 1) % 8][int(char)]]
    return str(_INV[check])


def new_tracking_code() -> str:
    """A fresh random tracking code (the caller keeps it unique in the database)."""
    payload = f"{1 + secrets.randbelow(9)}{secrets.randbelow(10**10):010d}"  # no leading zero
    return payload + verhoeff_digit(payload)


def parse_tracking_code(value: str) -> str:
    """Normalise a typed code (any digit script, spaces or dashes) or raise ``ValidationError``."""
    code = _SEPARATORS.sub("", normalize_digits(value or ""))
    if len(code) != LENGTH or not _DIGITS.match(code):
        raise ValidationError("کد رهگیری ۱۲ رقم است.", code="tracking_code_length")
    if _checksum(code) != 0:
        raise ValidationError(
            "کد رهگیری درست نیست؛ رقم‌ها را دوباره بررسی کنید.", code="tracking_code_checksum"
        )
    return code


def format_tracking_code(code: str) -> str:
    """``123456789012`` → ``1234-5678-9012`` (the UI shows it with Persian digits)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
