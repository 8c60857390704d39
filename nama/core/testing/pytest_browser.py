"""pytest fixtures for browser tests, enabled by `pytest_plugins` in the root conftest.py.

Example::

    @pytest.mark.browser
    def test_home(browser_page: PageProbe) -> None:
        browser_page.goto("/")

The pages talk to pytest-django's live_server, which makes the test transactional: the database
is flushed afterwards and may already be empty before, so a test creates the rows it needs
(reference data too) in its own fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from nama.core.testing.browser import DESKTOP, PHONE, PageProbe, open_page, running_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django.live_server_helper import LiveServer


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """A headless Chromium for one test (per test, so Django's async check is relaxed briefly)."""
    with running_chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(chromium: Browser, live_server: LiveServer) -> Iterator[PageProbe]:
    """A desktop-sized (1280x800) page against the live server."""
    with open_page(chromium, live_server.url, DESKTOP) as probe:
        yield probe


@pytest.fixture
def phone_page(chromium: Browser, live_server: LiveServer) -> Iterator[PageProbe]:
    """A phone-sized (390x844, touch) page against the live server."""
    with open_page(chromium, live_server.url, PHONE, mobile=True) as probe:
        yield probe
