"""The counter journey in the test client: a District 7 desk clerk → a walk-in citizen without
an account (created) → their parcel → D15 → the form in Persian/Arabic digits with a Jalali
date → scanned PDFs and a JPEG → submit (twice: one request) → the receipt. The request is the
citizen's, registered by the clerk, after online requests in the queue; the citizen gets the
SMS, later signs in with a one-time code and finds the request in /requests/."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import (
    make_national_id,
    make_user,
    sign_in_verified,
    verified,
)
from nama.accounts.tests.factories import staff_member as make_staff
from nama.cases.constants import CaseStatus, Channel
from nama.cases.documents import current_documents, missing_documents
from nama.cases.models import Case
from nama.cases.tests.builders import in_days, owned_parcel, submitted
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.counter.tests.helpers import ARABIC, PERSIAN, parcel_of
from nama.documents.tests import samples
from nama.sms.testing import Outbox
from nama.staff.selectors import work_queue
from nama.workflow.models import WorkflowInstance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

FORM = {
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
    assert found, "the page carries a one-time token"
    return found.group(1)


def _scan(slot_type: str, formats: list[str]) -> SimpleUploadedFile:
    """A scanned national card as a JPEG photo, everything else as a scanned PDF."""
    if slot_type == "national_card":
        return SimpleUploadedFile("کارت ملی.jpg", samples.jpeg(), content_type="image/jpeg")
    assert "pdf" in formats
    return SimpleUploadedFile(f"{slot_type}.pdf", samples.pdf(), content_type="application/pdf")


def _register_citizen(client: Client, national_id: str, mobile: str) -> User:
    response = client.post("/counter/", {"national_id": national_id.translate(PERSIAN)})
    assert response["Location"] == "/counter/citizen/"
    page = client.get("/counter/citizen/").content.decode()
    assert "حسابی در اصفهان‌نما نیست" in page
    response = client.post(
        "/counter/citizen/",
        {"first_name": "علی", "last_name": "رضایی", "mobile": mobile.translate(ARABIC)},
    )
    assert response["Location"] == "/counter/request/"
    return User.objects.get(national_id=national_id)


def test_a_desk_clerk_registers_a_walk_in_citizens_building_permit(
    client: Client, sms_outbox: Outbox
) -> None:
    clerk = sign_in_verified(
        client, make_staff(StaffRole.DESK_CLERK, 7, first_name="زهرا", last_name="کریمی")
    )
    national_id, mobile = make_national_id(), "09131234567"
    parcel = parcel_of(national_id)

    entry = client.get("/counter/")
    assert entry.status_code == 200
    assert "کد ملی شهروند" in entry.content.decode()
    citizen = _register_citizen(client, national_id, mobile)
    assert citizen.is_active
    assert not citizen.has_usable_password()

    page = client.get("/counter/request/").content.decode()
    assert to_persian_digits(parcel.renewal_code) in page  # the citizen's parcels here
    assert 'value="D15"' in page
    assert 'value="E25"' not in page  # online only: not offered at the counter
    start = {
        "renewal_code": parcel.renewal_code.translate(PERSIAN),
        "service": "D15",
        "token": _token(page),
    }
    response = client.post("/counter/request/", start)
    case = Case.objects.get()
    assert response["Location"] == f"/counter/{case.tracking_code}/form/"
    assert client.post("/counter/request/", start)["Location"] == response["Location"]
    assert Case.objects.count() == 1  # the same page token: one draft

    form_page = client.get(f"/counter/{case.tracking_code}/form/").content.decode()
    for name in ("floors", "use", "total_floor_area", "has_basement", "start_date"):
        assert f'name="{name}"' in form_page
    assert "به شکل سال/ماه/روز" in form_page
    answers = {**FORM, "start_date": in_days(10, persian=True), "_step": "continue"}
    response = client.post(f"/counter/{case.tracking_code}/form/", answers)
    assert response["Location"] == f"/counter/{case.tracking_code}/documents/"
    case.refresh_from_db()
    assert case.form_data["total_floor_area"] == 450.5
    assert case.form_data["designer_licence"] == "14-300-01234"

    documents = client.get(f"/counter/{case.tracking_code}/documents/").content.decode()
    assert "مدارک اسکن‌شده" in documents
    assert "وکالت‌نامه" not in documents  # the citizen is the owner
    for slot in missing_documents(case):
        response = client.post(
            f"/counter/{case.tracking_code}/documents/upload/",
            {"document_type": slot.type, "file": _scan(slot.type, list(slot.formats))},
        )
        assert response["Location"].endswith(f"#document-{slot.type}")
    assert missing_documents(case) == []
    card = current_documents(case)["national_card"].upload
    assert (card.uploaded_by, card.original_name) == (clerk, "کارت ملی.jpg")

    review = client.get(f"/counter/{case.tracking_code}/review/").content.decode()
    assert "۴۵۰٫۵ متر مربع" in review
    response = client.post(f"/counter/{case.tracking_code}/submit/")
    assert response["Location"] == f"/counter/{case.tracking_code}/receipt/"
    again = client.post(f"/counter/{case.tracking_code}/submit/")  # a double click
    assert again["Location"] == response["Location"]
    assert WorkflowInstance.objects.count() == 1

    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert (case.channel, case.applicant, case.registered_by) == (Channel.COUNTER, citizen, clerk)
    receipt = client.get(response["Location"]).content.decode()
    shown = to_persian_digits(format_tracking_code(case.tracking_code))
    assert shown in receipt
    assert case.service.title in receipt
    assert "/requests/track/" in receipt
    assert "ورود با کد پیامکی" in receipt
    assert "data-print" in receipt
    # The next request starts by finding its citizen again.
    assert client.get("/counter/request/")["Location"] == "/counter/"

    texts = [message["text"] for message in sms_outbox.to(mobile)]
    assert any(format_tracking_code(case.tracking_code) in text for text in texts)

    # The citizen signs in later with a one-time code and finds the request.
    citizen_client = Client()
    response = citizen_client.post(
        "/accounts/login/code/", {"national_id": national_id, "mobile": mobile}
    )
    assert response["Location"] == "/accounts/login/code/confirm/"
    citizen_client.post("/accounts/login/code/confirm/", {"code": sms_outbox.last_code(mobile)})
    mine = citizen_client.get("/requests/").content.decode()
    assert shown in mine
    assert citizen_client.get(f"/requests/{case.tracking_code}/").status_code == 200


def test_an_online_request_made_later_comes_first_in_the_clerks_queue(
    client: Client, sms_outbox: Outbox
) -> None:
    clerk = sign_in_verified(client, make_staff(StaffRole.DESK_CLERK, 7))
    walk_in = make_user()
    parcel = parcel_of(walk_in.national_id or "")
    client.post("/counter/", {"national_id": walk_in.national_id})
    client.post("/counter/citizen/")  # confirm the existing account
    page = client.get("/counter/request/").content.decode()
    client.post(
        "/counter/request/",
        {"renewal_code": parcel.renewal_code, "service": "D15", "token": _token(page)},
    )
    counter_case = Case.objects.get()
    client.post(
        f"/counter/{counter_case.tracking_code}/form/",
        {**FORM, "start_date": in_days(10), "_step": "continue"},
    )
    for slot in missing_documents(counter_case):
        client.post(
            f"/counter/{counter_case.tracking_code}/documents/upload/",
            {"document_type": slot.type, "file": _scan(slot.type, list(slot.formats))},
        )
    client.post(f"/counter/{counter_case.tracking_code}/submit/")

    owner = make_user()
    online = submitted(owner, owned_parcel(owner, code="7-1-1-9-0-0-0"))

    counter_case.refresh_from_db()
    assert online.submitted_at
    assert counter_case.submitted_at
    assert online.submitted_at > counter_case.submitted_at
    queue = list(work_queue(verified(clerk)).values_list("tracking_code", flat=True))
    assert queue == [online.tracking_code, counter_case.tracking_code]
