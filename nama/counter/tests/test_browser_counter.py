"""The desk clerk's counter flow in a real browser (desktop, as at the desk): sign in with the
second factor → a walk-in citizen without an account → their parcel → D15 → the form in
Persian digits → scans (PDFs, a JPEG of the national card) → submit → the printable receipt.
Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import FilePayload
from pytest_django import Settings

from nama.accounts.constants import StaffRole
from nama.accounts.tests.browser import sign_in_staff
from nama.accounts.tests.factories import make_national_id, staff_member
from nama.cases.constants import CaseStatus, Channel
from nama.cases.documents import missing_documents
from nama.cases.models import Case
from nama.cases.tests.builders import in_days
from nama.core.testing.browser import PageProbe
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.counter.tests.helpers import PERSIAN, parcel_of
from nama.documents.tests import samples
from nama.sms.testing import Outbox


@pytest.fixture
def outbox(settings: Settings, tmp_path: Path) -> Outbox:
    path = tmp_path / "sms.jsonl"
    settings.NAMA_SMS_BACKEND = "file"
    settings.NAMA_SMS_FILE = str(path)
    return Outbox(path)


def _assert_clean(probe: PageProbe) -> None:
    """No CSP violation or script error, nothing wider than the screen."""
    assert probe.console_errors == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog", "transactional_db")
def test_a_desk_clerk_registers_a_walk_in_request_in_the_browser(
    browser_page: PageProbe, outbox: Outbox
) -> None:
    page = browser_page.page
    clerk = staff_member(StaffRole.DESK_CLERK, 7, first_name="زهرا", last_name="کریمی")
    national_id, mobile = make_national_id(), "09131234567"
    parcel = parcel_of(national_id)

    sign_in_staff(browser_page, clerk, "/counter/")

    page.get_by_label("کد ملی شهروند").fill(national_id.translate(PERSIAN))
    browser_page.screenshot("counter-start-desktop")
    page.get_by_role("button", name="جست‌وجوی شهروند").click()
    page.wait_for_url("**/counter/citizen/")
    page.get_by_label("نام", exact=True).fill("علی")
    page.get_by_label("نام خانوادگی").fill("رضایی")
    page.get_by_label("شماره همراه شهروند").fill(mobile.translate(PERSIAN))
    _assert_clean(browser_page)
    browser_page.screenshot("counter-citizen-new-desktop")
    page.get_by_role("button", name="ساخت حساب و ادامه").click()

    page.wait_for_url("**/counter/request/")
    assert page.get_by_text("حساب شهروند ساخته شد").is_visible()
    page.get_by_label("کد نوسازی ملک").fill(to_persian_digits(parcel.renewal_code))
    page.get_by_label("خدمت").select_option("D15")
    _assert_clean(browser_page)
    browser_page.screenshot("counter-property-desktop")
    page.get_by_role("button", name="ساخت پیش‌نویس و ادامه").click()

    page.wait_for_url("**/form/")
    page.get_by_label("تعداد طبقات").fill("۳")
    page.get_by_label("مسکونی", exact=True).check()
    page.get_by_label("زیربنای کل").fill("۴۵۰٫۵")
    page.get_by_label("تعداد واحدها").fill("۳")
    page.get_by_label("تعداد پارکینگ").fill("۳")
    page.locator("#id_has_basement_0").check()
    page.get_by_label("شماره پروانه اشتغال مهندس طراح").fill("۱۴-۳۰۰-۰۱۲۳۴")
    page.get_by_label("تاریخ درخواستی شروع عملیات ساختمانی").fill(in_days(14, persian=True))
    browser_page.screenshot("counter-form-desktop")
    page.get_by_role("button", name="ذخیره و ادامه").click()

    page.wait_for_url("**/documents/")
    for slot in missing_documents(Case.objects.get()):
        photo = slot.type == "national_card"
        payload: FilePayload = {
            "name": f"{slot.type}.{'jpg' if photo else 'pdf'}",
            "mimeType": "image/jpeg" if photo else "application/pdf",
            "buffer": samples.jpeg() if photo else samples.pdf(),
        }
        page.set_input_files(f"#file-{slot.type}", files=[payload])
        page.locator(f"#document-{slot.type} button[type=submit]").click()
        page.wait_for_load_state()
        assert page.get_by_text("مدرک بارگذاری شد.").is_visible()
    _assert_clean(browser_page)
    browser_page.screenshot("counter-documents-desktop")
    page.get_by_role("link", name="ادامه", exact=True).click()

    page.wait_for_url("**/review/")
    assert page.get_by_text("۴۵۰٫۵ متر مربع").is_visible()
    page.get_by_role("button", name="ثبت نهایی درخواست").click()
    page.wait_for_url("**/receipt/")
    case = Case.objects.get()
    assert (case.status, case.channel, case.registered_by) == (
        CaseStatus.IN_PROGRESS,
        Channel.COUNTER,
        clerk,
    )
    shown = to_persian_digits(format_tracking_code(case.tracking_code))
    assert page.locator("[data-tracking-code]").inner_text() == shown
    assert page.get_by_role("button", name="چاپ رسید").is_visible()  # counter.js ran
    _assert_clean(browser_page)
    browser_page.screenshot("counter-receipt-desktop")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.get_by_role("button", name="چاپ رسید").is_visible()
    browser_page.screenshot("counter-receipt-print")
    assert any(
        format_tracking_code(case.tracking_code) in message["text"] for message in outbox.to(mobile)
    )
