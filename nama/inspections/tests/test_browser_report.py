"""An inspector fills a visit report on a phone in a real browser, loses the connection on the
way, and submits once back online: the request moves on and the report has every value.
Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect

from nama.accounts.tests.browser import sign_in_staff
from nama.accounts.tests.factories import (
    make_user,
)
from nama.cases.models import Case
from nama.core.testing.browser import PageProbe
from nama.documents.tests import samples
from nama.inspections.models import InspectionPhoto, InspectionReport
from nama.inspections.tests.builders import (
    at_visit,
    parcel_at,
    parcel_centroid_lonlat,
    visit_agent,
)
from nama.visits.models import VisitStatus

OFFLINE = "ذخیره روی گوشی؛ در انتظار اتصال"
SAVED = "ذخیره شد"
CHECKLIST = [
    "boundaries_match",
    "no_early_construction",
    "setback_feasible",
    "street_access",
    "no_encroachment",
    "no_obstacles",
]


def _saved_copy(page: Page, code: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(
        page.evaluate(f"window.localStorage.getItem('nama.inspection.{code}')") or "{}"
    )
    return copy


def _report() -> InspectionReport:
    return InspectionReport.objects.get()


def _assert_clean(probe: PageProbe) -> None:
    assert probe.console_errors == []
    overflow = probe.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("catalog")
def test_a_report_typed_offline_is_synced_and_submitted_once(phone_page: PageProbe) -> None:
    page = phone_page.page
    inspector = visit_agent(first_name="رضا", last_name="کریمی")
    case, visit = at_visit(inspector=inspector)
    owner = make_user()
    elsewhere = parcel_at(
        owner, "7-1-1-9-0-0-0", east=180, north=-120, address="کوچه گلستان، پلاک ۸"
    )
    at_visit(owner=owner, inspector=inspector, parcel=elsewhere, days=1, hour=8)
    assert case.parcel is not None
    lon, lat = parcel_centroid_lonlat(case.parcel)
    page.context.grant_permissions(["geolocation"], origin=phone_page.base_url)
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 12})

    sign_in_staff(phone_page, inspector, "/inspections/")
    expect(page.locator(".visit-card")).to_have_count(2)
    expect(page.locator(".stop-pin")).to_have_count(2)
    phone_page.screenshot("inspections-today-phone")
    _assert_clean(phone_page)

    page.locator(f'[data-visit="{case.tracking_code}"]').get_by_role("link").click()
    page.wait_for_url(f"**/inspections/{case.tracking_code}/")
    status = page.locator("#save-status")
    for key in CHECKLIST:
        page.locator(f'label[for="check_{key}_yes"]').click()
    page.get_by_label("توضیح (اختیاری)").first.fill("حدود با سند می‌خواند")
    page.get_by_label("مساحت عرصه").fill("۶۳۰")
    page.get_by_label("تعداد طبقات").fill("۴")
    page.get_by_label("طبقهٔ ۱").fill("۱۵۰")
    page.get_by_role("button", name="افزودن طبقه").click()
    page.get_by_label("طبقهٔ ۲").fill("۱۴۸٫۵")
    expect(status).to_contain_text(SAVED)
    assert _report().values["floors"] == "4"

    # The connection drops: what is typed stays on the phone, and the page says so.
    page.context.set_offline(True)
    page.get_by_label("تعداد واحدها").fill("۳")
    page.get_by_label("تخلفات دیده‌شده").fill("اضافه‌بنا در بام")
    expect(status).to_have_text(OFFLINE)
    copy = _saved_copy(page, case.tracking_code)
    assert copy["dirty"] is True
    assert copy["draft"]["values"]["units"] == "۳"
    assert "units" not in _report().values
    phone_page.screenshot("inspections-report-offline-phone")

    # Back online: the copy goes to the server by itself.
    page.context.set_offline(False)
    expect(status).to_contain_text(SAVED)
    assert _report().values["units"] == "3"
    assert _report().values["violations"] == "اضافه‌بنا در بام"
    assert _saved_copy(page, case.tracking_code)["dirty"] is False

    # The server is unreachable and the page is reloaded: the phone's copy comes back.
    page.route("**/api/v1/staff/inspections/**", lambda route: route.abort())
    page.get_by_label("تعداد پارکینگ").fill("۲")
    expect(status).to_contain_text("ذخیره روی گوشی")
    page.unroute("**/api/v1/staff/inspections/**")
    page.reload()
    # Only the requests cut off on purpose failed.
    assert all("net::ERR_" in error for error in phone_page.console_errors)
    phone_page.console_errors.clear()
    expect(page.get_by_label("تعداد پارکینگ")).to_have_value("۲")
    expect(status).to_contain_text(SAVED)
    assert _report().values["parking_spaces"] == "2"

    # A photo on the spot, with the phone's position.
    page.locator("#photo-file").set_input_files(
        FilePayload(name="IMG_0001.jpg", mimeType="image/jpeg", buffer=samples.jpeg((640, 480)))
    )
    expect(page.locator("#photo-list .photo-meta")).to_contain_text("داخل ملک")
    photo = InspectionPhoto.objects.get()
    assert (photo.far, photo.distance_m) == (False, 0.0)
    assert photo.lat == pytest.approx(lat, abs=1e-6)
    phone_page.screenshot("inspections-report-phone")

    page.get_by_role("button", name="ثبت نهایی گزارش").click()
    expect(page.locator("#report-errors")).to_contain_text("تأیید کنید که گزارش کامل است")
    assert not _report().is_submitted
    page.get_by_label("گزارش را بازبینی کردم و کامل است.").check()
    page.get_by_role("button", name="ثبت نهایی گزارش").click()
    expect(page.locator("#report-closed")).to_contain_text("گزارش ثبت شد")
    stored = page.locator("#photo-list img")
    stored.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=stored.element_handle()
    )
    phone_page.screenshot("inspections-report-submitted-phone")
    _assert_clean(phone_page)

    case = Case.objects.select_related("workflow").get(pk=case.pk)
    assert case.workflow is not None
    assert case.workflow.state == "technical_review"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    report = _report()
    assert report.is_submitted
    assert report.values == {
        "land_area": "630.00",
        "floors": 4,
        "units": 3,
        "parking_spaces": 2,
        "built_area_by_floor": ["150.00", "148.50"],
        "violations": "اضافه‌بنا در بام",
    }
    assert all(report.checklist[key]["ok"] is True for key in CHECKLIST)
    assert report.checklist["boundaries_match"]["note"] == "حدود با سند می‌خواند"
    assert _saved_copy(page, case.tracking_code) == {}
