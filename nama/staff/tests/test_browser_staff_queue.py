"""A District 7 desk clerk in a real browser, at desktop and at phone size: sign in with the
authenticator code → the queue → claim a request → open it → read a PDF inline → return it for
correction naming one field and one document. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nama.accounts.constants import StaffRole
from nama.accounts.tests.browser import sign_in_staff
from nama.accounts.tests.factories import make_user, staff_member
from nama.cases.models import Case
from nama.cases.tests.builders import owned_parcel, submitted
from nama.core.testing.browser import PageProbe
from nama.staff.tests.test_web_builders import shown

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalog", "transactional_db"),
]


def _assert_clean(probe: PageProbe) -> None:
    """No CSP violation or script error, nothing wider than the screen."""
    assert probe.console_errors == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


def _clerk_returns_a_request(probe: PageProbe, size: str) -> None:
    owner = make_user(first_name="مریم", last_name="احمدی")
    case = submitted(owner, owned_parcel(owner, code="7-12-34-5-0-0-0"))
    clerk = staff_member(StaffRole.DESK_CLERK, 7, first_name="علی", last_name="رضایی")
    page = probe.page
    sign_in_staff(probe, clerk)

    if size == "phone":  # the staff links sit behind the menu button
        page.get_by_role("button", name="منو").click()
    page.get_by_role("link", name="کارتابل", exact=True).click()
    page.wait_for_url("**/staff/")
    code = shown(case)
    row = page.locator(f'tr[data-tracking-code="{case.tracking_code}"]')
    assert row.get_by_text("برخط").is_visible()
    _assert_clean(probe)
    probe.screenshot(f"staff-queue-{size}")

    # A filter refreshes the results in place (htmx) and puts itself in the address.
    channel = page.get_by_label("کانال")
    channel.select_option("counter")
    page.wait_for_url("**channel=counter**")
    expect(row).to_have_count(0)
    expect(page.get_by_text("درخواستی با این پالایه‌ها یا این جستجو")).to_be_visible()
    channel.select_option("online")
    expect(row).to_be_visible()

    row.get_by_role("button", name=f"برداشتن درخواست {code}").click()
    expect(page.get_by_text("اکنون در دست شماست")).to_be_visible()
    assert "channel=online" in page.url  # back to the same filters
    assert row.get_by_text("در دست شما").is_visible()
    probe.screenshot(f"staff-queue-claimed-{size}")

    files: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda response: (
            files.append((response.status, response.headers.get("content-type", "")))
            if "/files/" in response.url
            else None
        ),
    )
    row.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/staff/requests/{case.tracking_code}/")
    frame = page.locator("iframe.doc-viewer__frame").first
    frame.scroll_into_view_if_needed()
    for _ in range(50):  # the lazy frame loads once it is on screen
        if files:
            break
        page.wait_for_timeout(100)
    assert files[0] == (200, "application/pdf")
    assert frame.is_visible()
    page.wait_for_load_state("networkidle")  # the PDF viewer and the map are done loading
    _assert_clean(probe)
    probe.screenshot(f"staff-case-{size}")

    panel = page.locator("#action-return_for_correction")
    # By keyboard: in Chromium's phone emulation a click right after scrolling past the PDF
    # viewer can land on the viewer's old place (its hit-test area lags behind the scroll).
    panel.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    panel.get_by_label("دلیل").fill("تعداد واحدها با نقشهٔ معماری نمی‌خواند")
    panel.get_by_label("تعداد واحدها").check()
    panel.get_by_label("سند مالکیت", exact=True).check()
    probe.screenshot(f"staff-case-return-form-{size}")
    panel.get_by_role("button", name="بازگرداندن برای اصلاح").click()
    page.wait_for_load_state()
    assert page.get_by_text("«بازگرداندن برای اصلاح» انجام شد.").is_visible()
    _assert_clean(probe)
    probe.screenshot(f"staff-case-returned-{size}")

    case = Case.objects.get(pk=case.pk)
    assert case.workflow is not None
    assert case.workflow.state == "returned"
    assert (case.corrections["fields"], case.corrections["documents"]) == (["units"], ["deed"])


def test_a_desk_clerk_returns_a_request_at_desktop_size(browser_page: PageProbe) -> None:
    _clerk_returns_a_request(browser_page, "desktop")


def test_a_desk_clerk_returns_a_request_on_a_phone(phone_page: PageProbe) -> None:
    _clerk_returns_a_request(phone_page, "phone")
