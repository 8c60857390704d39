"""Errors of the accounts domain; each carries the Persian message the user sees."""

from __future__ import annotations

import math
from datetime import datetime

from django.utils import timezone

from nama.core.problems import ApiError
from nama.core.text import to_persian_digits


class ThrottledError(ApiError):
    """Too many attempts: the message says when to try again."""

    status, code, title = 429, "too_many_attempts", "Too many requests"

    def __init__(self, detail: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.retry_after = max(1, retry_after)


class InvalidCodeError(ApiError):
    status, code, title = 400, "invalid_code", "Invalid code"


class LoginError(ApiError):
    status, code, title = 401, "invalid_credentials", "Invalid credentials"


class AccountStateError(ApiError):
    status, code, title = 409, "account_state", "Conflict"


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until ``moment``, rounded up, at least 1."""
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


def wait_phrase(seconds: int) -> str:
    """«۳ دقیقه» / «۴۵ ثانیه»: how long to wait, in Persian."""
    if seconds < 60:
        return f"{to_persian_digits(str(max(1, seconds)))} ثانیه"
    return f"{to_persian_digits(str(math.ceil(seconds / 60)))} دقیقه"
