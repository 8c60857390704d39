"""Test-wide fixtures. The environment itself is set by config/pytest_env.py."""

from __future__ import annotations

from typing import Any

import pytest

pytest_plugins = [
    "nama.sms.testing",
    "nama.core.testing.pytest_browser",
    "nama.documents.testing",
]


@pytest.fixture(autouse=True)
def _city_reference_data(request: pytest.FixtureRequest) -> None:
    """Keep the migrated reference data (city, districts, message texts) present for database
    tests.

    Transactional tests (live server, worker) flush every table afterwards, migrated
    reference data included; reload it (idempotently) when a later test finds it gone.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    from nama.cases.message_defaults import seed_templates
    from nama.cases.models import MessageTemplate
    from nama.districts.models import District
    from nama.districts.services import load_city_file, sync_city

    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        if not District.objects.exists():
            sync_city(load_city_file())
        if not MessageTemplate.objects.exists():
            seed_templates(MessageTemplate)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, with the repository's catalogue published and its tariff books and
    beneficiary accounts loaded once for the session (publishing per test cost over a second
    each on PostgreSQL)."""
    from nama.billing.tariffs.files import sync_tariffs
    from nama.catalog.files import sync_catalog

    with django_db_blocker.unblock():
        sync_catalog(actor=None)
        sync_tariffs(actor=None)


@pytest.fixture
def catalog(db: None) -> None:
    """The repository's service catalogue, published as `nama catalog sync` does: already there
    from the session's setup, published again after a transactional test emptied the database."""
    from nama.catalog.files import sync_catalog
    from nama.catalog.models import Service

    if not Service.objects.filter(current_version__isnull=False).exists():
        sync_catalog(actor=None)


@pytest.fixture(autouse=True)
def _documents_in_tmp(request: pytest.FixtureRequest) -> None:
    """Uploads made by any database test land in the test's temporary folder, not var/."""
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("documents_storage")
