"""Template helpers of the staff pages and the navigation: ``{% load staff_tags %}``."""

from __future__ import annotations

from django import template

from nama.accounts.authz import active_roles, is_verified_staff
from nama.accounts.models import User
from nama.cases.constants import Channel

register = template.Library()

CHANNEL_SHORT = {
    Channel.ONLINE.value: "برخط",
    Channel.COUNTER.value: "پیشخوان",
    Channel.PARTNER.value: "سازمان همکار",
}


@register.simple_tag
def staff_roles(user: object) -> frozenset[str]:
    """The role codes of a verified staff member (empty for anyone else: no query)."""
    if not isinstance(user, User) or not user.is_authenticated or not is_verified_staff(user):
        return frozenset()
    return frozenset(active_roles(user).values_list("role", flat=True))


@register.filter
def channel_short(channel: object) -> str:
    """A request's channel as its badge says it: «برخط», «پیشخوان», «سازمان همکار»."""
    return CHANNEL_SHORT.get(str(channel), str(channel))
