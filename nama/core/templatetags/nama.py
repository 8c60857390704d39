"""Template filters for Persian display: digits, Jalali dates, rials, relative time.

Registered as a template builtin, so templates use them without ``{% load %}``. Like Django's own
filters they fail quietly: ``None`` and values of the wrong type (including naive datetimes) give
an empty string instead of breaking the page.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeGuard

from django import template

from nama.core import masking
from nama.core.jalali import format_jalali_date, format_jalali_datetime, format_relative_time
from nama.core.money import format_rials, format_toman
from nama.core.text import to_persian_digits

register = template.Library()


@register.filter(is_safe=True)
def fa_digits(value: object) -> str:
    """Show a value with Persian digits (HTML safety is kept: only digits change)."""
    return "" if value is None else to_persian_digits(str(value))


@register.filter
def jdate(value: object) -> str:
    """A date or aware datetime as a Jalali date: ``۱۴۰۴/۰۱/۰۱``."""
    if not isinstance(value, date) or _is_naive(value):
        return ""
    return format_jalali_date(value)


@register.filter(name="jdatetime")
def jdatetime_filter(value: object) -> str:
    """An aware datetime as Jalali date and Tehran time: ``۱۴۰۴/۰۱/۰۱ ۱۴:۳۰``."""
    if not isinstance(value, datetime) or _is_naive(value):
        return ""
    return format_jalali_datetime(value)


@register.filter
def rials(value: object) -> str:
    """An integer amount of rials: ``۱٬۲۵۰٬۰۰۰ ریال``."""
    return format_rials(value) if _is_amount(value) else ""


@register.filter
def toman(value: object) -> str:
    """An integer amount of **rials** shown in toman: ``۱۲۵٬۰۰۰ تومان``."""
    return format_toman(value) if _is_amount(value) else ""


@register.filter
def reltime(value: object) -> str:
    """A datetime or date relative to now: «۵ دقیقه پیش», «۲ روز دیگر»."""
    if not isinstance(value, date) or _is_naive(value):
        return ""
    return format_relative_time(value)


def _is_naive(value: date) -> bool:
    return isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None)


def _is_amount(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@register.filter
def mask_mobile(value: object) -> str:
    """A stored mobile shown in part, with Persian digits: ``۰۹۱۲***۴۵۶۷``."""
    return to_persian_digits(masking.mask_mobile(value)) if isinstance(value, str) else ""


@register.filter
def get_item(mapping: object, key: object) -> object:
    """``mapping[key]`` in a template, or None (also when ``mapping`` is not a dict)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
