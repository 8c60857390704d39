"""What the staff request page shows: the summary, the answers with their labels, documents
inline (a PDF in a frame, a photo as an image), the property with its setback and snapshots,
the timeline with who did what, the history of corrections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from nama.accounts.tests.factories import make_user
from nama.cases.documents import attach_document
from nama.cases.models import Case
from nama.cases.services import act, submit_case, update_form
from nama.cases.tests.builders import attach_required, draft, owned_parcel, returned
from nama.documents.tests import samples
from nama.parcels.constants import SnapshotKind
from nama.parcels.services.owners import record_snapshot
from nama.staff.tests.test_web_builders import page_of, signed_in, waiting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _with_a_photo() -> Case:
    """A submitted request whose national card is a JPEG photo (the rest PDFs)."""
    owner = make_user(first_name="مریم", last_name="احمدی", mobile="09121234567")
    case = draft(owner, owned_parcel(owner), filled=True)
    attach_document(
        actor=owner,
        case=case,
        document_type="national_card",
        file=ContentFile(samples.jpeg(), name="card.jpg"),
    )
    attach_required(owner, case)
    return submit_case(actor=owner, case=case)


def test_summary_answers_and_documents_inline(client: Client) -> None:
    case = _with_a_photo()
    signed_in(client)

    response = client.get(f"/staff/requests/{case.tracking_code}/")

    page = page_of(response)
    text = " ".join(page.text)
    assert "بررسی مدارک در پیشخوان" in text
    assert "مریم احمدی" in text
    assert "۰۹۱۲***۴۵۶۷" in text
    assert "09121234567" not in response.content.decode()
    assert "تعداد واحدها" in text
    assert "۳ واحد" in text
    frames = [f.attrs for f in page.find_all("iframe")]
    images = [i.attrs for i in page.find_all("img") if i.attrs["src"].startswith("/files/")]
    assert frames
    assert all(f["src"].startswith("/files/") and f["title"] for f in frames)
    assert [i["alt"] for i in images] == ["کارت ملی مالک"]
    served = client.get(frames[0]["src"])
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Frame-Options"] == "SAMEORIGIN"  # may be framed by our own page
    assert client.get(images[0]["src"])["Content-Type"] == "image/jpeg"
    assert "بارگذاری نشده" in text  # the optional prior deed is listed as missing


def test_the_property_map_setback_and_snapshots(client: Client) -> None:
    case = waiting()[0]
    parcel = case.parcel
    assert parcel is not None
    for kind, floors in [(SnapshotKind.DECLARED, 3), (SnapshotKind.OBSERVED, 4)]:
        record_snapshot(
            actor=None,
            parcel=parcel,
            kind=kind,
            as_of=date(2025, 5, 1),
            source="آزمون",
            land_area=Decimal("600"),
            floors=floors,
        )
    signed_in(client)

    response = client.get(f"/staff/requests/{case.tracking_code}/")

    page = page_of(response)
    text = " ".join(page.text)
    assert any(d.attrs.get("id") == "property-map" for d in page.find_all("div"))
    assert any(s.attrs.get("id") == "property-map-data" for s in page.find_all("script"))
    figures = {d.attrs.get("data-figure") for d in page.find_all("div")}
    assert {"deed", "setback", "remaining"} <= figures
    assert "اظهاری مالک" in text
    assert "مشاهده‌شده در بازدید" in text
    # Side by side: the declared floors, then the observed ones.
    assert '<th scope="row">طبقات</th><td>۳</td><td>۴</td>' in response.content.decode()
    assert any(
        "/static/nama/js/map-property.js" in s.attrs.get("src", "") for s in page.find_all("script")
    )


def test_the_timeline_says_who_did_what_and_corrections_show_before_and_after(
    client: Client,
) -> None:
    case = waiting()[0]
    case = returned(case, fields=["units"], reason="تعداد واحدها با نقشه نمی‌خواند")
    update_form(actor=case.applicant, case=case, data={"units": 4})
    act(actor=case.applicant, case=case, action="resubmit")
    signed_in(client)

    page = page_of(client.get(f"/staff/requests/{case.tracking_code}/"))

    text = " ".join(page.text)
    assert "بازگرداندن برای اصلاح" in text
    assert "(کارمند پیشخوان شهرسازی)" in text
    assert "«تعداد واحدها با نقشه نمی‌خواند»" in text
    assert "موارد فرم: تعداد واحدها" in text
    assert "ارسال دوباره پس از اصلاح" in text
    assert "نوبت ۱: ۱ مورد تغییر کرد" in text
    rows = page.find_all("tr")
    assert rows  # the before/after table of the round
    assert "۳ واحد" in text
    assert "۴ واحد" in text


def test_a_returned_request_shows_what_was_asked(client: Client) -> None:
    case = returned(waiting()[0], fields=["units"], documents=["deed"])
    signed_in(client)
    text = " ".join(page_of(client.get(f"/staff/requests/{case.tracking_code}/")).text)
    assert "برگشت برای اصلاح (نوبت ۱)" in text
    assert "موارد فرم: تعداد واحدها" in text
    assert "مدارک: سند مالکیت" in text
