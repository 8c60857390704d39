"""Billing test fixtures: the repository's tariff books and beneficiary accounts."""

from __future__ import annotations

import pytest


@pytest.fixture
def tariffs(db: None) -> None:
    """The tariff books and accounts of nama/billing/data, as `nama tariffs sync` loads them:
    already there from the session's setup, loaded again after a transactional test emptied
    the database."""
    from nama.billing.models import TariffBook
    from nama.billing.tariffs.files import sync_tariffs

    if not TariffBook.objects.exists():
        sync_tariffs(actor=None)
