"""Applying for a building permit on a phone in a real browser: sign in → the service's page →
pick the owned parcel in District 7 → fill the form in Persian digits → documents → review →
submit → the tracking code → the desk clerk returns it from the staff page (another browser)
→ fix the one field asked for → resubmit. Screenshots go to test-artifacts/ for a person to
look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from nama.accounts.constants import StaffRole
from nama.accounts.tests.browser import sign_in_staff
from nama.accounts.tests.factories import PASSWORD, make_user, staff_member
from nama.cases.constants import CaseStatus
from nama.cases.documents import missing_documents
from nama.cases.models import Case
from nama.cases.tests.builders import PERSIAN, in_days, owned_parcel
from nama.core.testing.browser import DESKTOP, PageProbe, open_page
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.documents.tests import samples
from nama.sms.testing import Outbox


@pytest.fixture
def outbox(settings: Settings, tmp_path: Path) -> Outbox:
    path = tmp_path / "sms.jsonl"
    settings.NAMA_SMS_BACKEND = "file"
    settings.NAMA_SMS_FILE = str(path)
    return Outbox(path)


def _assert_clean(probe: PageProbe, failures: list[str]) -> None:
    """No CSP violation or script error, nothing failed to load, nothing wider than the screen.

    A request the browser aborted because the page was left (a fast click on a slow machine)
    is not a failure of the page.
    """
    assert probe.console_errors == []
    assert failures == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


def _clerk_returns_it(chromium: Browser, url: str, case: Case) -> None:
    """The District 7 desk clerk, at their desk in another browser: sign in with the second
    factor → the request's staff page → return it, asking for the number of units."""
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    with open_page(chromium, url, DESKTOP) as desk:
        page = desk.page
        sign_in_staff(desk, clerk)
        desk.goto(f"/staff/requests/{case.tracking_code}/")
        panel = page.locator("#action-return_for_correction")
        panel.locator("summary").focus()
        page.keyboard.press("Enter")
        panel.get_by_label("دلیل").fill("تعداد واحدها با نقشهٔ معماری نمی‌خواند")
        panel.get_by_label("تعداد واحدها").check()
        panel.get_by_role("button", name="بازگرداندن برای اصلاح").click()
        page.wait_for_load_state()
        assert page.get_by_text("«بازگرداندن برای اصلاح» انجام شد.").is_visible()
        assert desk.console_errors == []
        desk.screenshot("cases-clerk-returns-desktop")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog", "transactional_db")
def test_apply_for_a_building_permit_on_a_phone(
    phone_page: PageProbe, chromium: Browser, live_server: LiveServer, outbox: Outbox
) -> None:
    page = phone_page.page
    failures: list[str] = []
    page.on(
        "requestfailed",
        lambda request: (
            None
            if "ERR_ABORTED" in (request.failure or "")
            else failures.append(f"{request.url} {request.failure}")
        ),
    )
    owner = make_user(first_name="مریم", last_name="احمدی")
    parcel = owned_parcel(owner, code="7-12-34-5-0-0-0", address="خیابان چهارباغ عباسی، کوچه ۱۲")

    phone_page.goto("/accounts/login/")
    page.get_by_label("کد ملی یا نام کاربری").fill((owner.national_id or "").translate(PERSIAN))
    page.get_by_label("گذرواژه", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url("**/accounts/")

    phone_page.goto("/services/D15/")
    page.get_by_role("link", name="درخواست برخط").click()
    page.wait_for_url("**/requests/new/D15/")
    assert page.get_by_text("گام ۱ از ۴").is_visible()
    assert not page.get_by_label("کد نوسازی ملک").is_visible()  # only for "another property"
    phone_page.screenshot("cases-start-phone")
    page.get_by_label(f"کد نوسازی {to_persian_digits(parcel.renewal_code)}").check()
    page.get_by_role("button", name="ادامه").click()

    page.wait_for_url("**/form/")
    page.get_by_label("تعداد طبقات").fill("۳")
    page.get_by_label("مسکونی", exact=True).check()
    page.get_by_label("زیربنای کل").fill("۴۵۰٫۵")
    page.get_by_label("تعداد واحدها").fill("۳")
    page.get_by_label("تعداد پارکینگ").fill("۳")
    page.locator("#id_has_basement_0").check()
    page.get_by_label("شماره پروانه اشتغال مهندس طراح").fill("۱۴-۳۰۰-۰۱۲۳۴")
    page.get_by_label("تاریخ درخواستی شروع عملیات ساختمانی").fill(in_days(14, persian=True))
    phone_page.screenshot("cases-form-phone")
    page.get_by_role("button", name="ذخیره و ادامه").click()

    page.wait_for_url("**/documents/")
    assert page.get_by_role("heading", name="مدارک", exact=True).is_visible()
    # Every required document through the page: PDFs, and a photo of the national card.
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
    assert missing_documents(Case.objects.get()) == []
    phone_page.screenshot("cases-documents-phone")
    page.get_by_role("link", name="ادامه", exact=True).click()

    page.wait_for_url("**/review/")
    assert page.get_by_text("۴۵۰٫۵ متر مربع").is_visible()
    phone_page.screenshot("cases-review-phone")
    page.get_by_role("button", name="ثبت نهایی درخواست").click()
    page.wait_for_url("**/submitted/")
    case = Case.objects.get()
    assert case.status == CaseStatus.IN_PROGRESS
    shown = to_persian_digits(format_tracking_code(case.tracking_code))
    code = page.locator("[data-tracking-code]")
    assert code.inner_text() == shown
    assert code.is_visible()
    assert page.get_by_text("پیامک شد").is_visible()
    assert any(
        format_tracking_code(case.tracking_code) in message["text"]
        for message in outbox.to(owner.mobile)
    )
    _assert_clean(phone_page, failures)
    phone_page.screenshot("cases-submitted-phone")

    phone_page.goto("/requests/")
    assert page.get_by_text(shown).is_visible()
    _assert_clean(phone_page, failures)
    phone_page.screenshot("cases-mine-phone")

    _clerk_returns_it(chromium, live_server.url, case)
    phone_page.goto(f"/requests/{case.tracking_code}/")
    assert page.get_by_role("heading", name="کار شما: اصلاح و ارسال دوباره").is_visible()
    _assert_clean(phone_page, failures)
    phone_page.screenshot("cases-detail-returned-phone")
    page.get_by_role("link", name="اصلاح تعداد واحدها").click()
    page.wait_for_url("**/form/#id_units")
    page.get_by_label("تعداد واحدها").fill("۴")
    phone_page.screenshot("cases-correction-phone")
    page.get_by_role("button", name="ذخیرهٔ اصلاحات").click()
    page.wait_for_url(f"**/requests/{case.tracking_code}/#needed")
    page.get_by_role("button", name="ارسال دوباره پس از اصلاح").click()
    page.wait_for_load_state()
    assert page.get_by_text("درخواست پس از اصلاح دوباره فرستاده شد.").is_visible()
    _assert_clean(phone_page, failures)
    phone_page.screenshot("cases-detail-phone")
    case.refresh_from_db()
    assert (case.status, case.form_data["units"]) == (CaseStatus.IN_PROGRESS, 4)

    phone_page.goto("/requests/inbox/")
    _assert_clean(phone_page, failures)
    phone_page.screenshot("cases-inbox-phone")
