"""Signing staff in through the real pages in a browser test (password, then the second
factor), shared by every app's Chromium tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nama.accounts.models import User
from nama.accounts.tests.factories import PASSWORD, authenticator_code, totp_device

if TYPE_CHECKING:
    from nama.core.testing.browser import PageProbe


def sign_in_staff(probe: PageProbe, user: User, then: str = "/accounts/") -> None:
    """Password, then the authenticator's code; waits until the browser is at ``then``."""
    device = totp_device(user)
    page = probe.page
    probe.goto(f"/accounts/login/?next={then}")
    page.get_by_label("کد ملی یا نام کاربری").fill(user.username)
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/second-factor/" in url)
    page.get_by_label("کد برنامهٔ احراز هویت").fill(authenticator_code(device))
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url(lambda url: url.split("?")[0].endswith(then))
