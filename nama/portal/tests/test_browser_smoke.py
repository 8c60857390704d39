"""The home page in a real browser: RTL, the Persian font, the CSP, keyboard use, both widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from nama.core.testing import browser
from nama.core.testing.browser import PageProbe
from nama.districts.services import load_city_file, sync_city

# Files every page loads; each must come back 200 from the live server's static handler.
PAGE_ASSETS = (
    "/static/vendor/bootstrap/bootstrap.rtl.min.css",
    "/static/vendor/bootstrap/bootstrap.bundle.min.js",
    "/static/vendor/vazirmatn/Vazirmatn-font-face.css",
    "/static/vendor/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2",
    "/static/vendor/htmx/htmx.min.js",
    "/static/nama/css/site.css",
    "/static/nama/js/site.js",
)


@pytest.fixture
def isfahan(transactional_db: None) -> None:
    """The city and its districts: a transactional test before this one may have flushed them."""
    sync_city(load_city_file())


def _assert_clean(probe: PageProbe) -> None:
    assert probe.console_errors == []
    assert probe.failed_requests == []
    static = probe.static_responses()
    assert set(PAGE_ASSETS) <= set(static)
    assert {path: status for path, status in static.items() if status != 200} == {}


@pytest.mark.browser
@pytest.mark.usefixtures("isfahan")
def test_home_page_is_persian_rtl_in_vazirmatn_without_errors(browser_page: PageProbe) -> None:
    response = browser_page.goto("/")

    assert response is not None
    assert response.status == 200
    html = browser_page.page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "fa"
    assert "400" in browser_page.loaded_font_weights("Vazirmatn")
    assert browser_page.page.evaluate("document.fonts.check('16px Vazirmatn')") is True
    body_font = browser_page.page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font.startswith("Vazirmatn")
    assert browser_page.page.get_by_text("منطقه ۷", exact=True).is_visible()
    _assert_clean(browser_page)
    browser_page.screenshot("home-desktop")


@pytest.mark.browser
@pytest.mark.usefixtures("isfahan")
def test_tab_focuses_the_skip_link_first_and_it_leads_to_main(browser_page: PageProbe) -> None:
    browser_page.goto("/")
    page = browser_page.page

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    skip_link = page.locator(".skip-link")
    assert skip_link.is_visible()
    box = skip_link.bounding_box()
    assert box is not None
    assert box["width"] > 50
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.browser
@pytest.mark.usefixtures("isfahan")
def test_htmx_requests_carry_the_csrf_token(browser_page: PageProbe) -> None:
    browser_page.goto("/")
    page = browser_page.page
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")

    with page.expect_request("**/healthz") as request_info:
        page.evaluate("htmx.ajax('GET', '/healthz', {target: 'body', swap: 'none'})")

    assert token
    assert request_info.value.headers.get("x-csrftoken") == token
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert browser_page.console_errors == []


@pytest.mark.browser
@pytest.mark.usefixtures("isfahan")
def test_phone_layout_fits_the_screen_and_the_menu_opens(phone_page: PageProbe) -> None:
    phone_page.goto("/")
    page = phone_page.page

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    menu = page.get_by_role("button", name="منو")
    home_link = page.locator("#site-nav-items").get_by_role("link", name="خانه")
    assert not home_link.is_visible()
    menu.click()
    home_link.wait_for(state="visible")
    assert menu.get_attribute("aria-expanded") == "true"
    assert home_link.get_attribute("aria-current") == "page"
    _assert_clean(phone_page)
    menu.click()
    home_link.wait_for(state="hidden")
    phone_page.screenshot("home-phone")


@pytest.mark.parametrize(
    ("required", "outcome"), [("", pytest.skip.Exception), ("1", pytest.fail.Exception)]
)
def test_without_chromium_browser_tests_skip_unless_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(browser, "CHROMIUM_PATH", tmp_path / "no-chromium")
    monkeypatch.setenv(browser.REQUIRE_BROWSER_ENV, required)

    with pytest.raises(outcome, match="no-chromium not found"):
        browser.ensure_chromium()
