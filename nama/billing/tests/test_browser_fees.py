"""Accepting and paying a building permit's fees on a phone in a real browser: the request's
page → its fees line by line → accept (the box ticked) → for each bill: pay → the sandbox
bank's page → «پرداخت موفق» → the outcome page → the receipt; after the last bill the request
has moved on to drafting. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from nama.accounts.tests.factories import PASSWORD, make_user
from nama.billing.constants import BillStatus
from nama.billing.models import Bill
from nama.billing.tests.test_workflow_fees import assess, at_fee_assessment, state
from nama.cases.tests.builders import PERSIAN
from nama.core.money import format_rials
from nama.core.testing.browser import PageProbe


def _assert_clean(probe: PageProbe) -> None:
    """No CSP violation or script error, nothing wider than the phone's screen."""
    assert probe.console_errors == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


def _pay(probe: PageProbe, bill: Bill, *, first: bool) -> None:
    """Pay one bill from the fee page through the sandbox bank, then open its receipt."""
    page: Page = probe.page
    page.locator(f"#bill-{bill.pk}").get_by_role("button", name="پرداخت").click()
    page.wait_for_url("**/payments/sandbox/pay/**")
    assert page.get_by_text(format_rials(bill.amount)).is_visible()
    if first:
        probe.screenshot("billing-sandbox-bank-phone")
    page.get_by_role("button", name="پرداخت موفق").click()
    page.wait_for_url("**/payments/*/")
    assert page.get_by_role("heading", name="پرداخت انجام شد").is_visible()
    if first:
        _assert_clean(probe)
        probe.screenshot("billing-payment-result-phone")
    page.get_by_role("link", name="رسید پرداخت").click()
    page.wait_for_url(f"**{reverse('billing:receipt', args=[bill.pk])}")
    assert page.get_by_role("heading", name="رسید پرداخت").is_visible()
    if first:
        _assert_clean(probe)
        probe.screenshot("billing-receipt-phone")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog", "tariffs", "transactional_db")
def test_accept_and_pay_a_permits_fees_on_a_phone(phone_page: PageProbe) -> None:
    page = phone_page.page
    owner = make_user(first_name="مریم", last_name="احمدی")
    case = at_fee_assessment(owner)
    assessment = assess(case)
    fees = reverse("case_fees:show", kwargs={"code": case.tracking_code})

    phone_page.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill((owner.national_id or "").translate(PERSIAN))
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url("**/accounts/")

    phone_page.goto(f"/requests/{case.tracking_code}/")
    assert page.get_by_text("عوارض محاسبه شد؛ آن را بررسی و تأیید کنید").first.is_visible()
    page.get_by_role("link", name="دیدن ریز عوارض").click()
    page.wait_for_url(f"**{fees}")
    for line in assessment.lines.all():
        assert page.get_by_text(line.label, exact=True).is_visible()
    assert page.locator(f"[data-total='{assessment.total}']").inner_text() == format_rials(
        assessment.total
    )
    _assert_clean(phone_page)
    phone_page.screenshot("billing-fees-consent-phone")

    page.get_by_label("محاسبه را خواندم و می‌پذیرم").check()
    page.get_by_role("button", name="پذیرش عوارض و صدور قبض").click()
    page.wait_for_url(f"**{fees}#bills")
    assert page.get_by_text("پذیرش عوارض ثبت شد.").is_visible()
    assert state(case) == "payment"
    bills = list(Bill.objects.filter(case=case).order_by("account__company_code", "period"))
    assert len(bills) > 1
    _assert_clean(phone_page)
    phone_page.screenshot("billing-fees-bills-phone")

    for number, bill in enumerate(bills):
        phone_page.goto(fees)
        _pay(phone_page, bill, first=number == 0)

    assert set(Bill.objects.filter(case=case).values_list("status", flat=True)) == {BillStatus.PAID}
    assert state(case) == "drafting"
    phone_page.goto(fees)
    assert page.get_by_role("link", name="رسید پرداخت").count() == len(bills)
    page.get_by_role("link", name="بازگشت به صفحهٔ درخواست").click()
    page.wait_for_url(f"**/requests/{case.tracking_code}/")
    assert page.get_by_text("در حال آماده‌سازی مجوز").first.is_visible()
    _assert_clean(phone_page)
    phone_page.screenshot("billing-request-moved-on-phone")
