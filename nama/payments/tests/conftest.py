"""Billing test fixtures: the repository's tariff books and beneficiary accounts."""

from __future__ import annotations

import pytest


@pytest.fixture
def tariffs(db: None) -> None:
    """The tariff books and accounts of nama/billing/data, loaded as `nama tariffs sync` does."""
    from nama.billing.tariffs.files import sync_tariffs

    sync_tariffs(actor=None)
