"""Who may see and act on a request — the one place for this object type.

The applicant side: the applicant, the owner they applied for, a representative the owner
authorised for this service, an agent of the legal person. The staff side: staff holding any
role in the request's district (city-wide roles included), after the second factor.
"""

from __future__ import annotations

from typing import Any

from nama.accounts.authz import districts_for, may_act_for, may_act_for_legal_person, rule
from nama.accounts.models import User
from nama.cases.models import Case


def acts_as_applicant(user: User, case: Case) -> bool:
    """May ``user`` act for the applicant side of ``case``?"""
    if not user.is_active:
        return False
    if user.pk in {case.applicant_id, case.owner_id}:
        return True
    if case.legal_person_id is not None and case.legal_person is not None:
        return may_act_for_legal_person(user, case.legal_person)
    return may_act_for(user, case.owner_or_applicant, case.service.code)


def staff_sees(user: User, case: Case) -> bool:
    """Does ``user`` hold a staff role (second factor passed) in the request's district?"""
    return districts_for(user).filter(pk=case.district_id).exists()


@rule("cases.view")
def _view(user: User, case: Any) -> bool:
    return acts_as_applicant(user, case) or staff_sees(user, case)


@rule("cases.act_as_applicant")
def _act_as_applicant(user: User, case: Any) -> bool:
    return acts_as_applicant(user, case)
