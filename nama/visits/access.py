"""Who may book and move a request's field visit (rules for ``accounts.authz.can``).

- ``visits.view``: whoever may see the request (``cases.view``: its applicant side, staff of its
  district).
- ``visits.book``: the applicant side, or the desk clerk standing in for a walk-in citizen on a
  counter request (``cases.fill``).
- ``visits.reschedule``: staff of the request's district who answer for its visit: the district
  manager (``cases.manage``, which also admits a system administrator), a desk clerk (citizens
  phone the counter to move a visit), and the inspector who holds the request or whose visit is
  booked. Other staff (planning, revenue) see the visits but do not move them.
- ``visits.slots``: anyone who may book or reschedule.
"""

from __future__ import annotations

from typing import Any

from nama.accounts.authz import can, has_role, rule
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.visits.models import Visit, VisitStatus


def may_reschedule(user: User, case: Case) -> bool:
    """Staff of the request's district who answer for its visit (see the module docstring)."""
    if not can(user, "cases.view", case):
        return False
    if can(user, "cases.manage", case):
        return True
    if has_role(user, StaffRole.DESK_CLERK, case.district):
        return True
    if not has_role(user, StaffRole.VISIT_AGENT, case.district):
        return False
    if case.holder_id == user.pk:
        return True
    return Visit.objects.filter(case=case, status=VisitStatus.BOOKED, inspector=user).exists()


@rule("visits.view")
def _view(user: User, case: Any) -> bool:
    return can(user, "cases.view", case)


@rule("visits.book")
def _book(user: User, case: Any) -> bool:
    return can(user, "cases.fill", case)


@rule("visits.reschedule")
def _reschedule(user: User, case: Any) -> bool:
    return may_reschedule(user, case)


@rule("visits.slots")
def _slots(user: User, case: Any) -> bool:
    return can(user, "visits.book", case) or can(user, "visits.reschedule", case)
