"""Who may see and act on a request — the one place for this object type.

The applicant side: the applicant, the owner they applied for, a representative the owner
authorised for this service, an agent of the legal person. The staff side: staff holding any
role in the request's district (city-wide roles included), after the second factor.
"""

from __future__ import annotations

from typing import Any

from nama.accounts.authz import (
    districts_for,
    has_role,
    may_act_for,
    may_act_for_legal_person,
    rule,
)
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.constants import Channel
from nama.cases.models import Case

MANAGING_ROLES = frozenset({StaffRole.DISTRICT_MANAGER})


def acts_as_applicant(user: User, case: Case) -> bool:
    """May ``user`` act for the applicant side of ``case``?"""
    if not user.is_active:
        return False
    if user.pk in {case.applicant_id, case.owner_id}:
        return True
    if case.legal_person_id is not None and case.legal_person is not None:
        return may_act_for_legal_person(user, case.legal_person)
    return may_act_for(user, case.owner_or_applicant, case.service.code)


def counter_clerk_for(user: User, case: Case) -> bool:
    """A desk clerk of the district, for a request registered at the counter: they act on the
    walk-in citizen's behalf (fill the form, attach scans, submit, answer corrections)."""
    return case.channel == Channel.COUNTER and has_role(user, StaffRole.DESK_CLERK, case.district)


def acts_for_applicant(user: User, case: Case) -> bool:
    """The applicant side, or the counter clerk standing in for a walk-in citizen."""
    return acts_as_applicant(user, case) or counter_clerk_for(user, case)


def works_on(user: User, case: Case) -> bool:
    """Does ``user`` hold the role that acts in the request's current state, in its district?"""
    role = case.queue_role
    return role in StaffRole.values and has_role(user, StaffRole(role), case.district)


def manages(user: User, case: Case) -> bool:
    """A district manager of the request's district (or a system administrator)."""
    return has_role(user, StaffRole.DISTRICT_MANAGER, case.district) or has_role(
        user, StaffRole.SYSTEM_ADMIN
    )


def staff_sees(user: User, case: Case) -> bool:
    """Does ``user`` hold a staff role (second factor passed) in the request's district?"""
    return districts_for(user).filter(pk=case.district_id).exists()


@rule("cases.view")
def _view(user: User, case: Any) -> bool:
    return acts_as_applicant(user, case) or staff_sees(user, case)


@rule("cases.act_as_applicant")
def _act_as_applicant(user: User, case: Any) -> bool:
    return acts_as_applicant(user, case)


@rule("cases.fill")
def _fill(user: User, case: Any) -> bool:
    return acts_for_applicant(user, case)


@rule("cases.work")
def _work(user: User, case: Any) -> bool:
    return works_on(user, case)


@rule("cases.manage")
def _manage(user: User, case: Any) -> bool:
    return manages(user, case)
