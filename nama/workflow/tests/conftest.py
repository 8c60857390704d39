"""The workflow tests start, as a new installation does, with no workflow published."""

from __future__ import annotations

import pytest

from nama.catalog.tests.conftest import empty_catalogue


@pytest.fixture(autouse=True)
def _no_workflows_yet(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("django_db") is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
        empty_catalogue()
