"""Who may see, book and move a request's visit: role × district × action."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nama.accounts.authz import can
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case
from nama.visits.services import book_visit
from nama.visits.tests.factories import awaiting_visit, first_free, inspector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

ACTIONS = ("visits.view", "visits.book", "visits.reschedule", "visits.slots")
Persona = Callable[[Case, User], User]

# persona → (view, book, reschedule, slots) on a request whose visit is booked with ``holder``.
MATRIX: dict[str, tuple[Persona, tuple[bool, bool, bool, bool]]] = {
    "owner": (lambda case, holder: case.applicant, (True, True, False, True)),
    "inspector holding it": (lambda case, holder: holder, (True, False, True, True)),
    "another inspector of the district": (
        lambda case, holder: inspector(7),
        (True, False, False, False),
    ),
    "desk clerk of the district": (
        lambda case, holder: verified(staff_member(StaffRole.DESK_CLERK, 7)),
        (True, False, True, True),
    ),
    "district manager": (
        lambda case, holder: verified(staff_member(StaffRole.DISTRICT_MANAGER, 7)),
        (True, False, True, True),
    ),
    "planning officer of the district": (
        lambda case, holder: verified(staff_member(StaffRole.PLANNING_OFFICER, 7)),
        (True, False, False, False),
    ),
    "inspector of another district": (
        lambda case, holder: inspector(8),
        (False, False, False, False),
    ),
    "manager of another district": (
        lambda case, holder: verified(staff_member(StaffRole.DISTRICT_MANAGER, 8)),
        (False, False, False, False),
    ),
    "district manager without the second factor": (
        lambda case, holder: staff_member(StaffRole.DISTRICT_MANAGER, 7),
        (False, False, False, False),
    ),
    "unrelated citizen": (lambda case, holder: make_user(), (False, False, False, False)),
}


def test_the_access_matrix_of_a_booked_visit() -> None:
    holder = inspector(7)
    case = awaiting_visit()
    book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    case.refresh_from_db()

    found = {
        name: tuple(can(persona(case, holder), action, case) for action in ACTIONS)
        for name, (persona, _expected) in MATRIX.items()
    }

    assert found == {name: expected for name, (_persona, expected) in MATRIX.items()}


def test_the_inspector_of_the_booked_visit_may_move_it_after_releasing_the_request() -> None:
    holder = inspector(7)
    case = awaiting_visit()
    book_visit(actor=case.applicant, case=case, starts_at=first_free(case))
    Case.objects.filter(pk=case.pk).update(holder=None)
    case.refresh_from_db()

    assert can(holder, "visits.reschedule", case)
    assert not can(inspector(7), "visits.reschedule", case)
