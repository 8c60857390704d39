"""The maps in a real browser, on the demo city: the citizen's property on a phone with its
hatched setback and Persian figures; the public map loading parcels when zoomed in and showing
a clicked parcel's public facts. No console or CSP errors; screenshots in test-artifacts/."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nama.accounts.demo import CITIZENS, demo_accounts
from nama.accounts.models import User
from nama.core.demo import DEMO_PASSWORD
from nama.core.testing.browser import PageProbe
from nama.core.text import to_persian_digits
from nama.parcels.demo import demo_parcels
from nama.parcels.models import Parcel, SetbackResult
from nama.parcels.selectors import parcel_geometry_lonlat, parcels_owned_by
from nama.parcels.views.display import square_metres

MARYAM_ID, _, MARYAM_FIRST, MARYAM_LAST, _ = CITIZENS[0]


@dataclass
class Demo:
    arterial: Parcel  # Maryam's parcel that the widening of an arterial cuts into
    setback_area: float


@pytest.fixture
def demo() -> Demo:
    demo_accounts()
    demo_parcels()
    maryam = parcels_owned_by(User.objects.get(username=MARYAM_ID))
    result = SetbackResult.objects.filter(parcel__in=maryam, setback_area__gt=0).first()
    assert result is not None
    return Demo(arterial=result.parcel, setback_area=result.setback_area)


def _watch(probe: PageProbe) -> list[str]:
    """Failed requests other than those the map cancels itself (a window it moved away from)."""
    failures: list[str] = []
    probe.page.on(
        "requestfailed",
        lambda request: (
            None
            if "ERR_ABORTED" in (request.failure or "")
            else failures.append(f"{request.url}: {request.failure}")
        ),
    )
    return failures


def _assert_clean(probe: PageProbe, failures: list[str], *, expected_404: int = 0) -> None:
    """No script or CSP error, no failed request, nothing wider than the screen. A search for
    an unknown code is a 404 the browser logs: ``expected_404`` of those are allowed."""
    not_found = "the server responded with a status of 404"
    errors = [error for error in probe.console_errors if not_found not in error]
    assert errors == []
    assert len(probe.console_errors) - len(errors) == expected_404
    assert failures == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


def _sign_in(probe: PageProbe, username: str) -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill(to_persian_digits(username))
    page.get_by_label("گذرواژه", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url("**/accounts/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_citizen_sees_her_property_with_the_hatched_setback_on_a_phone(
    phone_page: PageProbe, demo: Demo
) -> None:
    page = phone_page.page
    failures = _watch(phone_page)
    _sign_in(phone_page, MARYAM_ID)
    phone_page.goto("/parcels/mine/")
    code = to_persian_digits(demo.arterial.renewal_code)
    assert page.get_by_text(code).first.is_visible()
    phone_page.screenshot("parcels-my-properties-phone")

    page.get_by_role("link", name=f"پرونده و نقشهٔ ملک {code}").click()
    page.wait_for_url(f"**/parcels/property/{demo.arterial.renewal_code}/")
    hatched = page.locator('#property-map path[fill="url(#setback-hatch)"]')
    hatched.wait_for()
    box = hatched.bounding_box()
    assert box is not None
    assert box["width"] > 3
    assert box["height"] > 3
    # The neighbours and streets around it arrive from the public API.
    page.locator(".leaflet-contextParcels-pane path").nth(5).wait_for(state="attached")
    figures = page.locator("#setback")
    assert square_metres(demo.setback_area) in figures.inner_text()
    assert "باقی‌مانده طبق سند" in figures.inner_text()
    assert f"{MARYAM_FIRST} {MARYAM_LAST}" in page.locator("#owners").inner_text()
    _assert_clean(phone_page, failures)
    page.locator("#property-map").scroll_into_view_if_needed()
    phone_page.screenshot("parcels-property-phone")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_map_loads_parcels_when_zoomed_in_and_shows_a_clicked_parcels_facts(
    browser_page: PageProbe, demo: Demo
) -> None:
    page = browser_page.page
    failures = _watch(browser_page)
    browser_page.goto("/parcels/map/")
    page.locator(".leaflet-districts-pane path").nth(14).wait_for(state="attached")
    page.get_by_text("برای دیدن قطعه‌ها نقشه را بزرگ‌نمایی کنید.").wait_for()
    assert page.locator(".leaflet-parcels-pane path").count() == 0
    browser_page.screenshot("parcels-map-city-desktop")

    target = demo.arterial
    point = parcel_geometry_lonlat(target).representative_point()
    browser_page.goto(f"/parcels/map/?lat={point.y:.7f}&lon={point.x:.7f}&z=18")
    page.locator(".leaflet-parcels-pane path").nth(50).wait_for(state="attached")
    status = page.locator(".map-status")
    assert status.is_hidden() or status.inner_text() == ""

    box = page.locator("#city-map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    facts = page.locator("[data-parcel-facts]")
    code = to_persian_digits(target.renewal_code)
    facts.get_by_text(code).first.wait_for()
    text = facts.inner_text()
    assert "منطقه ۷" in text
    assert "عقب‌نشینی" in text
    assert square_metres(demo.setback_area) in text
    assert page.locator(".leaflet-popup").get_by_text(code).is_visible()
    html = page.content()
    for private in (MARYAM_ID, to_persian_digits(MARYAM_ID), MARYAM_LAST):
        assert private not in html
    browser_page.screenshot("parcels-map-clicked-desktop")

    # Keyboard: close the popup, focus the map, Enter reads the parcel at the centre.
    page.keyboard.press("Escape")
    facts.get_by_text(code).first.wait_for()  # the text alternative stays
    page.locator("#city-map").focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").get_by_text(code).wait_for()
    _assert_clean(browser_page, failures)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_map_fills_a_phone_and_finds_a_parcel_by_code(
    phone_page: PageProbe, demo: Demo
) -> None:
    page = phone_page.page
    failures = _watch(phone_page)
    phone_page.goto("/parcels/map/")
    viewport_height = page.viewport_size["height"] if page.viewport_size else 0
    box = page.locator("#city-map").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= viewport_height + 1
    assert box["height"] > viewport_height * 0.7
    page.get_by_label("جست‌وجوی قطعه با کد نوسازی").fill("۷-۹۹-۱-۱-۰-۰-۰")
    page.get_by_role("button", name="نمایش").click()
    page.get_by_text("قطعه‌ای با این کد نوسازی پیدا نشد.").wait_for()
    page.get_by_label("جست‌وجوی قطعه با کد نوسازی").fill(
        to_persian_digits(demo.arterial.renewal_code)
    )
    page.get_by_role("button", name="نمایش").click()
    popup = page.locator(".leaflet-popup")
    popup.get_by_text(to_persian_digits(demo.arterial.renewal_code)).wait_for()
    page.locator(".leaflet-parcels-pane path").nth(20).wait_for(state="attached")
    _assert_clean(phone_page, failures, expected_404=1)
    page.evaluate("window.scrollTo(0, 0)")
    phone_page.screenshot("parcels-map-phone")
