"""Booking the visit on a phone in a real browser: the request page's call to pick a slot →
the picker grouped by day → the request page showing the visit. No CSP violation, no script
error, nothing wider than the screen."""

from __future__ import annotations

import pytest

from nama.accounts.tests.factories import PASSWORD
from nama.cases.tests.builders import PERSIAN
from nama.core.testing.browser import PageProbe
from nama.visits.formatting import when_label
from nama.visits.models import Visit, VisitStatus
from nama.visits.tests.factories import awaiting_visit, inspector


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog", "transactional_db")
def test_book_the_visit_on_a_phone(phone_page: PageProbe) -> None:
    page = phone_page.page
    inspector()
    case = awaiting_visit()
    owner = case.applicant

    phone_page.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill((owner.national_id or "").translate(PERSIAN))
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url("**/accounts/")

    phone_page.goto(f"/requests/{case.tracking_code}/")
    page.get_by_role("link", name="انتخاب نوبت بازدید").click()
    page.wait_for_url("**/book/")
    phone_page.screenshot("visits-picker-phone")
    first = page.locator("input[name=starts_at]:not([disabled])").first
    page.locator(f"label[for={first.get_attribute('id')}]").click()
    assert first.is_checked()
    page.get_by_role("button", name="ثبت نوبت بازدید").click()

    page.wait_for_url(f"**/requests/{case.tracking_code}/")
    visit = Visit.objects.get(case=case)
    assert visit.status == VisitStatus.BOOKED
    assert page.get_by_text(when_label(visit.starts_at, visit.ends_at)).first.is_visible()
    phone_page.screenshot("visits-booked-phone")
    assert phone_page.console_errors == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
