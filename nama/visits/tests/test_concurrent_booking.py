"""Two applicants booking the last seat at the same moment: exactly one gets it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from nama.cases.models import Case
from nama.core.problems import ApiError
from nama.visits.models import Visit, VisitStatus
from nama.visits.services import book_visit
from nama.visits.tests.factories import CODES, awaiting_visit, first_free, inspector


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog")
def test_two_bookings_of_the_last_seat_one_wins() -> None:
    inspector()
    cases = [awaiting_visit(code=CODES[0]), awaiting_visit(code=CODES[1])]
    starts_at = first_free(cases[0])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(case: Case) -> None:
        barrier.wait()
        try:
            book_visit(actor=case.applicant, case=case, starts_at=starts_at)
            outcomes.append("booked")
        except ApiError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["booked", "slot_full"]
    taken = Visit.objects.filter(starts_at=starts_at, status=VisitStatus.BOOKED)
    assert taken.count() == 1
    loser = next(case for case in cases if case.pk != taken.get().case_id)
    loser.refresh_from_db()
    assert loser.workflow is not None
    assert loser.workflow.state == "visit_booking"
    assert loser.holder_id is None
