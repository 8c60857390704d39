"""Fixtures of the inspections tests."""

from __future__ import annotations

import pytest

from nama.cases import facts
from nama.cases.models import Case
from nama.visits.models import Visit, VisitStatus


def _visit_booked(case: Case) -> bool:
    return Visit.objects.filter(case=case, status=VisitStatus.BOOKED).exists()


@pytest.fixture(autouse=True)
def visit_booked_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard of ``book_visit`` asks for the fact ``visit_booked``, which the visits app
    answers; until it registers its provider, a stand-in for these tests: a booked visit."""
    if "visit_booked" not in facts._PROVIDERS:
        monkeypatch.setitem(facts._PROVIDERS, "visit_booked", _visit_booked)
