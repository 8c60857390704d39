"""Template filters for Persian display: digits, Jalali dates, rials."""

from __future__ import annotations

from django import template

register = template.Library()

_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@register.filter
def fa_digits(value: object) -> str:
    """Show a value with Persian digits."""
    return str(value).translate(_TO_PERSIAN)
