"""A staff member's first sign-in in a real browser: the authenticator QR code, then the home.

The QR code is inline SVG: this checks that it draws under the strict CSP (no inline styles).
"""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import PASSWORD, staff_member
from nama.core.testing.browser import PageProbe
from nama.sms.testing import Outbox


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_staff_member_enrolls_an_authenticator_and_lands_on_the_staff_home(
    browser_page: PageProbe, sms_outbox: Outbox
) -> None:
    planner = staff_member(StaffRole.PLANNING_OFFICER, 7, first_name="سارا", last_name="حسینی")
    page = browser_page.page

    browser_page.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill(planner.username)
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()

    page.wait_for_url("**/accounts/login/authenticator/")
    qr = page.locator("svg.qr-code")
    box = qr.bounding_box()
    assert box is not None
    assert box["width"] >= 150
    browser_page.screenshot("accounts-staff-enroll-desktop")
    device = TOTPDevice.objects.get(user=planner)
    page.get_by_label("کد برنامهٔ احراز هویت").fill(f"{totp(device.bin_key):06d}")
    page.get_by_label("کد تأیید").fill(sms_outbox.last_code(planner.mobile))
    page.get_by_role("button", name="تأیید و ورود").click()

    page.wait_for_url("**/accounts/")
    assert page.get_by_text("کارشناس شهرسازی", exact=True).is_visible()
    assert browser_page.console_errors == []
    assert browser_page.failed_requests == []
    browser_page.screenshot("accounts-staff-home-desktop")
