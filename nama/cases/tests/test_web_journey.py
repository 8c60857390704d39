"""The citizen's journey on the web: start from a service → pick the property → fill the form
(Persian and Arabic digits) → documents → review → submit → the tracking code; a desk clerk
returns it naming a field → the citizen fixes only that field → resubmits."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from nama.accounts.tests.factories import make_user
from nama.cases.constants import CaseStatus
from nama.cases.models import Case, IdempotencyKey
from nama.cases.tests.builders import (
    ARABIC,
    PERSIAN,
    attach_required,
    draft,
    in_days,
    owned_parcel,
    represent,
    returned,
    submitted,
)
from nama.core.testing.html import outline
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.sms.testing import Outbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

WEB_FORM = {
    "floors": "۳",
    "use": "residential",
    "total_floor_area": "٤٥٠٫٥",
    "units": "۳",
    "parking_spaces": "٣",
    "has_basement": "yes",
    "designer_licence": "۱۴-۳۰۰-۰۱۲۳۴",
}


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "the start page carries a one-time token"
    return found.group(1)


def test_the_whole_journey_from_the_service_page_to_a_resubmitted_correction(
    client: Client, sms_outbox: Outbox
) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    client.force_login(owner)

    service_page = client.get("/services/D15/").content.decode()
    assert 'href="/requests/new/D15/"' in service_page
    assert "درخواست برخط" in service_page

    page = client.get("/requests/new/D15/")
    assert page.status_code == 200
    html = page.content.decode()
    assert to_persian_digits(parcel.renewal_code) in html
    assert "گام ۱ از ۴" in html
    response = client.post(
        "/requests/new/D15/", {"parcel": parcel.renewal_code, "token": _token(html)}
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{case.tracking_code}/form/"
    assert case.status == CaseStatus.DRAFT

    form_page = client.get(f"/requests/{case.tracking_code}/form/").content.decode()
    for name in ("floors", "use", "total_floor_area", "has_basement", "start_date"):
        assert f'name="{name}"' in form_page
    assert "به شکل سال/ماه/روز" in form_page  # the date's format is said
    # Save half of it as a draft, with Persian digits.
    response = client.post(
        f"/requests/{case.tracking_code}/form/", {"floors": "۳", "_step": "save"}, follow=True
    )
    assert "پیش‌نویس ذخیره شد" in response.content.decode()
    case.refresh_from_db()
    assert case.form_data == {"floors": 3}

    # Continue with the rest missing: it is saved, and the page says what is left.
    response = client.post(
        f"/requests/{case.tracking_code}/form/", {"units": "٣", "_step": "continue"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "این مورد الزامی است." in text
    assert 'href="#id_use"' in text
    case.refresh_from_db()
    assert case.form_data == {"floors": 3, "units": 3}

    answers = {**WEB_FORM, "start_date": in_days(10).translate(ARABIC), "_step": "continue"}
    response = client.post(f"/requests/{case.tracking_code}/form/", answers)
    assert response["Location"] == f"/requests/{case.tracking_code}/documents/"
    case.refresh_from_db()
    assert case.form_data["total_floor_area"] == 450.5
    assert case.form_data["designer_licence"] == "14-300-01234"
    assert case.form_data["has_basement"] is True

    documents = client.get(f"/requests/{case.tracking_code}/documents/").content.decode()
    assert "مدارک" in documents
    assert "سند مالکیت" in documents
    assert "وکالت‌نامه" not in documents  # only for representatives
    assert "documents-step" in documents

    # Uploading is the documents app's (wired into this step later); the service does it here.
    response = client.post(f"/requests/{case.tracking_code}/review/")
    assert "این مدارک هنوز بارگذاری نشده‌اند" in response.content.decode()
    attach_required(owner, case)
    documents = client.get(f"/requests/{case.tracking_code}/documents/").content.decode()
    assert "بارگذاری شد" in documents

    review = client.get(f"/requests/{case.tracking_code}/review/").content.decode()
    assert "۴۵۰٫۵ متر مربع" in review
    assert "ثبت نهایی درخواست" in review
    response = client.post(f"/requests/{case.tracking_code}/review/")
    assert response["Location"] == f"/requests/{case.tracking_code}/submitted/"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS

    confirmation = client.get(response["Location"]).content.decode()
    shown = to_persian_digits(format_tracking_code(case.tracking_code))
    assert shown in confirmation
    assert "پیامک شد" in confirmation
    sms_outbox.flush()
    assert any(
        format_tracking_code(case.tracking_code) in message["text"]
        for message in sms_outbox.to(owner.mobile)
    )

    # A desk clerk returns it: the number of units does not match the drawings.
    returned(case, fields=["units"])
    detail = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert "کار شما: اصلاح و ارسال دوباره" in detail
    assert "تعداد واحدها با نقشه نمی‌خواند" in detail
    assert f'href="/requests/{case.tracking_code}/form/#id_units"' in detail
    assert "ارسال دوباره" in detail  # the hint, not the button
    assert f'action="/requests/{case.tracking_code}/resubmit/"' not in detail

    correction_form = client.get(f"/requests/{case.tracking_code}/form/").content.decode()
    assert 'name="units"' in correction_form
    assert 'name="floors"' not in correction_form  # only what was asked
    # A field that was not asked for is refused even if posted.
    response = client.post(
        f"/requests/{case.tracking_code}/form/", {"units": "۴", "floors": "9", "_step": "save"}
    )
    assert response["Location"] == f"/requests/{case.tracking_code}/#needed"
    case.refresh_from_db()
    assert case.form_data["units"] == 4
    assert case.form_data["floors"] == 3

    detail = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert "اصلاح شد" in detail
    assert f'action="/requests/{case.tracking_code}/resubmit/"' in detail
    step = case.workflow.step if case.workflow else 0
    response = client.post(f"/requests/{case.tracking_code}/resubmit/", {"step": str(step)})
    assert response["Location"] == f"/requests/{case.tracking_code}/"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.workflow is not None
    assert [r.action for r in case.workflow.history.order_by("step")] == [
        "start",
        "return_for_correction",
        "resubmit",
    ]
    timeline_text = " ".join(outline(client.get(f"/requests/{case.tracking_code}/").content).text)
    assert "ثبت درخواست" in timeline_text
    assert "بازگرداندن برای اصلاح" in timeline_text
    assert "ارسال دوباره پس از اصلاح" in timeline_text


def test_a_double_click_on_start_makes_one_draft(client: Client) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    client.force_login(owner)
    token = _token(client.get("/requests/new/D15/").content.decode())
    first = client.post("/requests/new/D15/", {"parcel": parcel.renewal_code, "token": token})
    second = client.post("/requests/new/D15/", {"parcel": parcel.renewal_code, "token": token})
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
    # A new page (a new token) is a new draft: the citizen asked for a second one.
    token = _token(client.get("/requests/new/D15/").content.decode())
    client.post("/requests/new/D15/", {"parcel": parcel.renewal_code, "token": token})
    assert Case.objects.count() == 2


def test_the_same_token_with_another_parcel_is_not_taken_for_a_retry(client: Client) -> None:
    owner = make_user()
    first, second = owned_parcel(owner), owned_parcel(owner, code="7-1-1-6-0-0-0")
    client.force_login(owner)
    token = _token(client.get("/requests/new/D15/").content.decode())
    client.post("/requests/new/D15/", {"parcel": first.renewal_code, "token": token})
    client.post("/requests/new/D15/", {"parcel": second.renewal_code, "token": token})
    assert sorted(Case.objects.values_list("parcel__renewal_code", flat=True)) == sorted(
        [first.renewal_code, second.renewal_code]
    )


def test_a_double_submit_submits_once(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner))
    client.force_login(owner)
    first = client.post(f"/requests/{case.tracking_code}/review/")
    second = client.post(f"/requests/{case.tracking_code}/review/")
    assert first["Location"] == second["Location"] == f"/requests/{case.tracking_code}/submitted/"
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.history.count() == 1


def test_a_parcel_by_renewal_code_in_persian_digits(client: Client) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    client.force_login(owner)
    token = _token(client.get("/requests/new/D15/").content.decode())
    response = client.post(
        "/requests/new/D15/",
        {"parcel": "other", "renewal_code": parcel.renewal_code.translate(PERSIAN), "token": token},
    )
    assert response.status_code == 302
    assert Case.objects.get().parcel == parcel


def test_someone_elses_renewal_code_is_refused_like_an_unknown_one(client: Client) -> None:
    stranger_parcel = owned_parcel(make_user())
    citizen = make_user()
    client.force_login(citizen)
    token = _token(client.get("/requests/new/D15/").content.decode())
    theirs = client.post(
        "/requests/new/D15/",
        {"parcel": "other", "renewal_code": stranger_parcel.renewal_code, "token": token},
    ).content.decode()
    unknown = client.post(
        "/requests/new/D15/",
        {"parcel": "other", "renewal_code": "7-9-9-9-0-0-0", "token": token},
    ).content.decode()
    assert "این ملک در پرونده‌های شما نیست" in theirs
    assert "این ملک در پرونده‌های شما نیست" in unknown
    assert not Case.objects.exists()


def test_a_representative_applies_by_renewal_code_for_the_owner(client: Client) -> None:
    owner, engineer = make_user(), make_user()
    parcel = owned_parcel(owner)
    represent(owner, engineer)
    client.force_login(engineer)
    token = _token(client.get("/requests/new/D15/").content.decode())
    client.post(
        "/requests/new/D15/",
        {"renewal_code": parcel.renewal_code, "parcel": "other", "token": token},
    )
    case = Case.objects.get()
    assert (case.applicant, case.owner) == (engineer, owner)
    documents = client.get(f"/requests/{case.tracking_code}/documents/").content.decode()
    assert "وکالت‌نامه رسمی" in documents


def test_a_district_without_the_service_explains_where_and_how_meanwhile(client: Client) -> None:
    owner = make_user()
    parcel = owned_parcel(owner, code="3-1-1-5-0-0-0")  # District 3 is not a pilot
    client.force_login(owner)
    page = client.get("/requests/new/D15/").content.decode()
    assert "این خدمت هنوز در منطقه ۳ برخط ارائه نمی‌شود" in page
    response = client.post(
        "/requests/new/D15/", {"parcel": parcel.renewal_code, "token": _token(page)}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "اکنون در:" in text
    assert "پیشخوان" in text
    assert not Case.objects.exists()


def test_an_empty_start_form_says_what_to_choose(client: Client) -> None:
    owner = make_user()
    owned_parcel(owner)
    client.force_login(owner)
    token = _token(client.get("/requests/new/D15/").content.decode())
    text = client.post("/requests/new/D15/", {"token": token}).content.decode()
    assert "ملک این درخواست را انتخاب کنید." in text
    assert 'href="#id_parcel"' in text


def test_the_start_page_needs_signing_in_and_a_request_service(client: Client) -> None:
    response = client.get("/requests/new/D15/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/requests/new/D15/")
    client.force_login(make_user())
    assert client.get("/requests/new/Z99/").status_code == 404
    self_service = client.get("/requests/new/B5/")  # GIS maps: a self-service page
    assert self_service.status_code == 302


def test_a_bad_form_value_comes_back_on_its_field_in_persian(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    client.force_login(owner)
    response = client.post(
        f"/requests/{case.tracking_code}/form/",
        {"floors": "۴۰", "start_date": "۱۴۰۴/۱۳/۰۱", "_step": "save"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "بیشتر از ۱۲ نباشد." in text
    assert "ماه باید بین ۱ تا ۱۲ باشد." in text
    assert 'href="#id_floors"' in text
    case.refresh_from_db()
    assert case.form_data == {}


def test_the_review_names_what_is_missing_and_submitting_changes_nothing(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner), filled=False)
    client.force_login(owner)
    response = client.post(f"/requests/{case.tracking_code}/review/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "پیش از ثبت، این موارد را کامل کنید" in text
    assert f'/requests/{case.tracking_code}/form/#id_floors"' in text
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_a_second_open_request_links_to_the_first(client: Client) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    first = submitted(owner, parcel)
    second = draft(owner, parcel)
    client.force_login(owner)
    text = client.post(f"/requests/{second.tracking_code}/review/").content.decode()
    assert "درخواست ثبت نشد" in text
    assert f'href="/requests/{first.tracking_code}/"' in text


def test_withdrawing_asks_first_then_ends_the_request(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    client.force_login(owner)
    detail = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert f'href="/requests/{case.tracking_code}/withdraw/"' in detail
    confirm = client.get(f"/requests/{case.tracking_code}/withdraw/").content.decode()
    assert "از این درخواست انصراف می‌دهید؟" in confirm
    response = client.post(f"/requests/{case.tracking_code}/withdraw/", {"reason": "منصرف شدم"})
    assert response["Location"] == f"/requests/{case.tracking_code}/"
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    detail = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert "انصراف داده شد" in detail
    assert "منصرف شدم" in detail
    again = client.get(f"/requests/{case.tracking_code}/withdraw/")
    assert again.status_code == 302


def test_discarding_a_draft(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner))
    client.force_login(owner)
    response = client.post(f"/requests/{case.tracking_code}/discard/")
    assert response["Location"] == "/requests/"
    assert not Case.objects.exists()
