"""Template helpers of the request pages and the navigation: ``{% load cases_tags %}``."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from nama.accounts.models import User
from nama.cases.selectors import unread_count
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code

register = template.Library()


@register.filter
def tracking(code: object) -> str:
    """``123456789012`` → ``۱۲۳۴-۵۶۷۸-۹۰۱۲`` (wrap it in ``<bdi dir="ltr">``)."""
    return to_persian_digits(format_tracking_code(code)) if isinstance(code, str) else ""


@register.simple_tag
def unread_notifications(user: object) -> int:
    """How many inbox items the signed-in user has not read (0 for anyone else)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return unread_count(user)


# A grouped tracking code in running text: kept left to right (without an isolate, Persian
# digits after Persian letters become Arabic numbers and the groups come out reversed).
_GROUPED_CODE = re.compile(r"[0-9۰-۹]{4}-[0-9۰-۹]{4}-[0-9۰-۹]{4}")


@register.filter(needs_autoescape=True)
def running_text(value: object, autoescape: bool = True) -> SafeString:
    """Plain text (a notification) for a page: escaped, Persian digits, codes left to right."""
    text = str(value)
    text = to_persian_digits(str(conditional_escape(text)) if autoescape else text)
    # Safe: the text was escaped above; only the isolates are markup.
    return mark_safe(_GROUPED_CODE.sub(r'<bdi dir="ltr">\g<0></bdi>', text))


@register.filter
def tracking_isolated(code: object) -> str:
    """A grouped tracking code for text without markup (a page title): Unicode isolates."""
    shown = tracking(code)
    return f"\u2066{shown}\u2069" if shown else ""
