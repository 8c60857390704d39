"""Registering on a phone in a real browser: Persian input, the SMS code, signing out and in.

The live server runs background tasks immediately, so the code is in the SMS file as soon as
the page that sent it has loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from nama.accounts.tests.factories import PASSWORD, make_mobile, make_national_id
from nama.core.testing.browser import PageProbe
from nama.sms.testing import Outbox

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def outbox(settings: Settings, tmp_path: Path) -> Outbox:
    path = tmp_path / "sms.jsonl"
    settings.NAMA_SMS_BACKEND = "file"
    settings.NAMA_SMS_FILE = str(path)
    return Outbox(path)


def _assert_clean(probe: PageProbe) -> None:
    """No CSP violation or script error, nothing failed to load, nothing wider than the screen."""
    assert probe.console_errors == []
    assert probe.failed_requests == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_on_a_phone_confirm_sign_out_and_sign_in_again(
    phone_page: PageProbe, outbox: Outbox
) -> None:
    page = phone_page.page
    national_id, mobile = make_national_id(), make_mobile()

    # An empty form first: the error summary takes the focus and names every field.
    phone_page.goto("/accounts/register/")
    page.get_by_role("button", name="ادامه و دریافت کد تأیید").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    phone_page.screenshot("accounts-register-errors-phone")

    page.get_by_label("کد ملی", exact=True).fill(national_id.translate(PERSIAN))
    page.get_by_label("شماره همراه", exact=True).fill(mobile.translate(PERSIAN))
    page.get_by_label("نام", exact=True).fill("علي")
    page.get_by_label("نام خانوادگی", exact=True).fill("رضايي")
    page.get_by_label("تاریخ تولد", exact=True).fill("۱۳۷۰/۰۵/۱۲")
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_label("تکرار گذرواژه", exact=True).fill(PASSWORD)
    phone_page.screenshot("accounts-register-filled-phone")
    page.get_by_role("button", name="ادامه و دریافت کد تأیید").click()

    page.wait_for_url("**/accounts/register/confirm/")
    resend = page.get_by_role("button", name="ارسال دوبارهٔ کد")
    assert resend.is_disabled()  # the countdown runs
    assert "ثانیهٔ دیگر" in page.locator("[data-resend-hint]").inner_text()
    phone_page.screenshot("accounts-register-code-phone")
    page.get_by_label("کد تأیید").fill(outbox.last_code(mobile).translate(PERSIAN))
    page.get_by_role("button", name="تأیید و ورود").click()

    page.wait_for_url("**/accounts/")
    assert page.get_by_text("سلام، علی رضایی.").is_visible()
    _assert_clean(phone_page)
    phone_page.screenshot("accounts-home-phone")

    page.get_by_role("button", name="منو").click()
    page.get_by_role("button", name="خروج").click()
    page.wait_for_url(phone_page.base_url + "/")
    assert page.get_by_text("از حساب خود خارج شدید.").is_visible()

    phone_page.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill(national_id.translate(PERSIAN))
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    phone_page.screenshot("accounts-login-phone")
    page.get_by_role("button", name="ورود", exact=True).click()

    page.wait_for_url("**/accounts/")
    assert page.get_by_text("سلام، علی رضایی.").is_visible()
    _assert_clean(phone_page)
