"""``{% inspection_panel case user %}``: a request's inspection on its staff page."""

from __future__ import annotations

from typing import Any

from django import template

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.inspections.selectors.panel import case_panel

register = template.Library()


@register.inclusion_tag("inspections/partials/panel_body.html", takes_context=True)
def inspection_panel(context: template.Context, case: Case, user: Any = None) -> dict[str, Any]:
    """The report, photos and figures compared, for staff of the request's district (empty
    for anyone else). ``user`` defaults to the template's ``user``."""
    viewer = user if user is not None else context.get("user")
    if not isinstance(viewer, User):
        return {"panel": None}
    return {
        "panel": case_panel(viewer, case),
        "case": case,
        "may_enter_desk": can(viewer, "inspections.enter_desk_figures", case),
    }
