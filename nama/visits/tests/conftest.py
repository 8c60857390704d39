"""Fixtures of the visit tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_calendar(request: pytest.FixtureRequest) -> None:
    """No official holidays: each test makes the closures it is about, so the weeks these
    tests run in (Nowruz included) do not change what they offer."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from nama.workflow.models import Closure

    Closure.objects.all().delete()
