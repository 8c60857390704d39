"""A district manager reads the discrepancies between reports and the field on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nama.accounts.constants import StaffRole
from nama.accounts.tests.browser import sign_in_staff
from nama.accounts.tests.factories import staff_member, verified
from nama.core.testing.browser import PageProbe
from nama.inspections.services import DraftIn, record_desk_figures, submit_report
from nama.inspections.tests.builders import at_visit, visit_agent
from nama.inspections.tests.test_find_discrepancies import ALL_YES


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog")
def test_a_district_manager_reads_the_discrepancies_on_a_phone(phone_page: PageProbe) -> None:
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7, first_name="نرگس", last_name="رحیمی"))
    inspector = visit_agent(first_name="رضا", last_name="کریمی")
    case, visit = at_visit(inspector=inspector)
    record_desk_figures(actor=clerk, case=case, values={"floors": "۲", "land_area": "۵۰۰"})
    draft = DraftIn(
        revision=0, values={"floors": "4", "land_area": "600", "units": "3"}, checklist=ALL_YES
    )
    submit_report(actor=inspector, visit=visit, submission_key="k", draft=draft)
    manager = staff_member(StaffRole.DISTRICT_MANAGER, 7)

    sign_in_staff(phone_page, manager, "/inspections/discrepancies/")

    page = phone_page.page
    expect(page.locator(".total-figure")).to_have_text("۳")
    by_staff = page.locator("section", has=page.get_by_role("heading", name="به تفکیک کارمند"))
    expect(by_staff.get_by_role("row", name="نرگس رحیمی")).to_contain_text("۲")
    expect(page.locator(f'a[href="/staff/requests/{case.tracking_code}/"]')).to_have_count(3)
    page.get_by_label("دوره").select_option("7")
    page.get_by_role("button", name="نمایش").click()
    page.wait_for_url("**period=7**")
    expect(page.locator(".total-figure")).to_have_text("۳")
    phone_page.screenshot("inspections-discrepancies-phone")
    assert phone_page.console_errors == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
