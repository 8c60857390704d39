"""The periodic task and the operators' command run the same sweep at the present moment."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.cases.models import Case
from nama.deadlines.recipients import managers as real_managers
from nama.deadlines.sweep import batched, overdue_candidates
from nama.deadlines.tasks import sweep_deadlines
from nama.deadlines.tests.helpers import permit_request, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _overdue_now(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(state_due_at=timezone.now() - timedelta(hours=1))


def test_the_periodic_task_marks_what_is_overdue_now() -> None:
    staff(StaffRole.DISTRICT_MANAGER)
    case = permit_request()
    _overdue_now(case)

    result = sweep_deadlines.call()

    assert result == {"reminded": 0, "overdue": 1, "escalated": 1, "taken_back": 0, "failed": 0}
    assert Case.objects.get(pk=case.pk).overdue_since is not None


def test_the_command_runs_the_sweep_once_and_says_what_it_did() -> None:
    _overdue_now(permit_request())
    out = StringIO()

    call_command("deadlines", stdout=out)
    call_command("deadlines", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first.startswith("0 reminded, 1 marked overdue, 1 escalated, 0 taken back")
    assert second.startswith("0 reminded, 0 marked overdue, 0 escalated, 0 taken back")


def test_candidates_are_read_in_bounded_pages() -> None:
    cases = [permit_request(code=f"7-1-1-{n}-0-0-0") for n in (5, 6, 7)]
    now = timezone.now()
    for offset, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(state_due_at=now - timedelta(hours=3 - offset))

    everything = list(batched(overdue_candidates(now), size=2, limit=10))
    capped = list(batched(overdue_candidates(now), size=2, limit=2))

    assert everything == [case.pk for case in cases]  # oldest deadline first, across pages
    assert capped == everything[:2]


def test_a_failing_request_is_rolled_back_and_retried_while_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = [permit_request(code=f"7-1-1-{n}-0-0-0") for n in (5, 6)]
    for case in cases:
        _overdue_now(case)
    broken, fine = cases

    def flaky(case: Case) -> list[object]:
        if case.pk == broken.pk:
            raise RuntimeError("unexpected data")
        return list(real_managers(case))

    monkeypatch.setattr("nama.deadlines.services.managers", flaky)
    first = sweep_deadlines.call()
    marked = set(Case.objects.filter(overdue_since__isnull=False).values_list("pk", flat=True))
    assert marked == {fine.pk}  # nothing of the failed one was kept
    monkeypatch.setattr("nama.deadlines.services.managers", real_managers)
    second = sweep_deadlines.call()

    assert (first["overdue"], first["failed"]) == (1, 1)
    assert (second["overdue"], second["failed"]) == (1, 0)
    assert Case.objects.filter(pk__in=[broken.pk, fine.pk], overdue_since__isnull=True).count() == 0
