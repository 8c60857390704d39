"""Template helpers of the visit panels on the request pages: ``{% load visits_tags %}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.cases.models import Case
from nama.visits import constants
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.selectors import booked_visit, visits_of

register = template.Library()


@register.filter
def visit_when(visit: object) -> str:
    """«یکشنبه ۱۶ آذر ۱۴۰۵، ساعت ۱۰ تا ۱۲» for a visit."""
    return when_label(visit.starts_at, visit.ends_at) if isinstance(visit, Visit) else ""


@dataclass(frozen=True)
class ApplicantPanel:
    booking: bool  # the request waits for the applicant to pick a slot
    visit: Visit | None  # the booked visit, if any


@register.simple_tag
def applicant_visit(case: object) -> ApplicantPanel | None:
    """What the applicant's request page shows about the visit (None: nothing to show)."""
    if not isinstance(case, Case) or case.workflow is None:
        return None
    state = case.workflow.state
    if state not in {constants.BOOKING_STATE, constants.VISIT_STATE}:
        return None  # before the visit step, or past it (the timeline tells the rest)
    return ApplicantPanel(state == constants.BOOKING_STATE, booked_visit(case))


@dataclass(frozen=True)
class StaffPanel:
    visits: list[Visit]  # oldest booking first, cancelled ones included
    waiting: bool  # the applicant has not booked yet
    may_reschedule: bool  # the viewer may move the booked visit now


@register.simple_tag(takes_context=True)
def staff_visits(context: dict[str, Any], case: object) -> StaffPanel | None:
    """The request's visits for a staff page, and whether the viewer may move the booked one
    (None when there is nothing to show, or for a viewer who may not see them)."""
    user = getattr(context.get("request"), "user", None)
    if not isinstance(case, Case) or not isinstance(user, User):
        return None
    if case.workflow is None or not can(user, "visits.view", case):
        return None
    state = case.workflow.state
    visits = list(visits_of(case))
    if not visits and state != constants.BOOKING_STATE:
        return None
    booked = any(visit.status == VisitStatus.BOOKED for visit in visits)
    movable = booked and state == constants.VISIT_STATE and can(user, "visits.reschedule", case)
    return StaffPanel(visits, state == constants.BOOKING_STATE, movable)
