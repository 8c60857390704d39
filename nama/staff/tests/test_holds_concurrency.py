"""Two desk clerks claim the same request at the same moment: exactly one holds it, the
other is told who does (the row lock, or SQLite's write lock, serialises them)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.cases.models import Case
from nama.catalog.files import sync_catalog
from nama.core.problems import ConflictError
from nama.staff.models import HoldEvent
from nama.staff.services import claim
from nama.staff.tests.factories import member, online_request


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_claims_leave_one_holder() -> None:
    sync_catalog(actor=None)
    case = online_request()
    clerks = [member(StaffRole.DESK_CLERK), member(StaffRole.DESK_CLERK)]
    start = threading.Barrier(len(clerks))
    outcomes: dict[int, str] = {}

    def claim_as(clerk: User) -> None:
        try:
            start.wait()
            claim(actor=clerk, case=case)
            outcomes[clerk.pk] = "held"
        except ConflictError as error:
            outcomes[clerk.pk] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_as, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["held", "held_by_other"]
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "held")
    assert Case.objects.get(pk=case.pk).holder_id == winner
    assert list(HoldEvent.objects.values_list("holder_id", flat=True)) == [winner]
