"""Drive Debian's Chromium through Playwright's sync API in tests.

`playwright install` cannot download browsers on our machines, so the tests launch the system
Chromium. Where it is missing the browser tests skip, unless NAMA_REQUIRE_BROWSER=1 (CI), where
they fail: a CI run that silently skipped them would prove nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Response

CHROMIUM_PATH = Path("/usr/bin/chromium")
# No network beyond the test server: no updates, sync, metrics or QUIC probes.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
REQUIRE_BROWSER_ENV = "NAMA_REQUIRE_BROWSER"
ARTIFACTS_DIR = Path(__file__).resolve().parents[3] / "test-artifacts"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Font faces the page has finished loading, by family, as "weight" strings.
_LOADED_FONT_WEIGHTS_JS = """async (family) => {
  await document.fonts.ready;
  return [...document.fonts]
    .filter((face) => face.family.replaceAll('"', "") === family && face.status === "loaded")
    .map((face) => face.weight);
}"""


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV}=1 requires the browser tests)", pytrace=False)
    pytest.skip(reason)


def ensure_chromium() -> None:
    """Skip (or fail under NAMA_REQUIRE_BROWSER=1) when Chromium or Playwright is missing."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        _unavailable(f"{CHROMIUM_PATH} not found: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright for Python is not installed: make setup-dev")


@contextmanager
def _async_unsafe_allowed() -> Iterator[None]:
    """Let the test thread use the ORM while Playwright's event loop runs in it.

    The sync API keeps an asyncio loop running on this thread, which Django takes for an async
    context and refuses ORM calls from. The live server answers from its own thread, so only
    the test code is affected, and only while a browser is open.
    """
    key = "DJANGO_ALLOW_ASYNC_UNSAFE"
    previous = os.environ.get(key)
    os.environ[key] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[key]
        else:
            os.environ[key] = previous


@contextmanager
def running_chromium() -> Iterator[Browser]:
    """Launch headless Chromium; Playwright gives every launch a fresh temporary profile."""
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageProbe:
    """A page plus what it did: console errors (CSP violations included) and responses."""

    page: Page
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)
    failed_requests: list[str] = field(default_factory=list)

    def listen(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", lambda request: self.failed_requests.append(request.url))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response: Response) -> None:
        self.responses[urlsplit(response.url).path] = response.status

    def goto(self, path: str) -> Response | None:
        return self.page.goto(self.base_url + path, wait_until="load")

    def static_responses(self) -> dict[str, int]:
        return {path: status for path, status in self.responses.items() if "/static/" in path}

    def loaded_font_weights(self, family: str) -> list[str]:
        weights: list[str] = self.page.evaluate(_LOADED_FONT_WEIGHTS_JS, family)
        return weights

    def screenshot(self, name: str) -> Path:
        """Save a full-page PNG under test-artifacts/ (gitignored) for a human to look at."""
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS_DIR / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def open_page(
    browser: Browser, base_url: str, viewport: dict[str, int], *, mobile: bool = False
) -> Iterator[PageProbe]:
    """A page in a new, isolated browser context at the given viewport size."""
    options: dict[str, Any] = {
        "viewport": viewport,
        "locale": "fa-IR",
        "timezone_id": "Asia/Tehran",
        "reduced_motion": "reduce",
        "is_mobile": mobile,
        "has_touch": mobile,
    }
    context = browser.new_context(**options)
    try:
        probe = PageProbe(page=context.new_page(), base_url=base_url)
        probe.listen()
        yield probe
    finally:
        context.close()
