"""Who hears about a request's deadline: whoever works on it, the district's managers, or
the applicant side while the step is theirs."""

from __future__ import annotations

from collections.abc import Iterable

from nama.accounts.authz import staff_with_role
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.workflow.roles import APPLICANT


def is_applicant_step(case: Case) -> bool:
    return case.queue_role == APPLICANT


def workers(case: Case) -> list[User]:
    """The holder, or (nobody holding it) the staff holding the step's role in the district."""
    if case.holder is not None:
        return [case.holder]
    if case.queue_role not in StaffRole.values:
        return []
    return list(staff_with_role(StaffRole(case.queue_role), case.district).order_by("pk"))


def managers(case: Case) -> list[User]:
    """The district managers of the request's district."""
    return list(staff_with_role(StaffRole.DISTRICT_MANAGER, case.district).order_by("pk"))


def applicant_side(case: Case) -> list[User]:
    """The applicant and the owner they applied for."""
    return distinct([case.applicant, case.owner_or_applicant])


def distinct(users: Iterable[User]) -> list[User]:
    """Each person once, in the order first met."""
    seen: dict[int, User] = {}
    for user in users:
        seen.setdefault(user.pk, user)
    return list(seen.values())
