"""Taking workflow actions from the staff request page: each asks for its inputs; a return for
correction names fields and documents the citizen then sees; a stale page, someone else's
hold, a missing input or a missing confirmation is refused with a Persian message and
changes nothing."""

from __future__ import annotations

import pytest
from django.http.response import HttpResponseBase
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import staff_member, verified
from nama.cases.constants import CaseStatus
from nama.cases.services import act, update_form
from nama.cases.tests.builders import returned
from nama.staff.services import claim
from nama.staff.tests.test_web_builders import page_of, signed_in, state, waiting
from nama.staff.views.requests import CHANGED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

RETURN = "return_for_correction"


def _text(response: object) -> str:
    return " ".join(page_of(response).text)


def _return(client: Client, code: str, step: int = 0, **inputs: object) -> HttpResponseBase:
    data = {"step": str(step), **{f"{RETURN}-{name}": value for name, value in inputs.items()}}
    return client.post(f"/staff/requests/{code}/act/{RETURN}/", data, follow=True)


def test_return_for_correction_names_fields_and_documents_the_citizen_sees(
    client: Client,
) -> None:
    case = waiting()[0]
    clerk = signed_in(client)
    claim(actor=verified(clerk), case=case)

    response = _return(
        client,
        case.tracking_code,
        reason="تعداد واحدها با نقشه نمی‌خواند",
        fields=["units"],
        documents=["deed"],
    )

    assert "«بازگرداندن برای اصلاح» انجام شد." in _text(response)
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "returned"
    assert case.status == CaseStatus.WAITING_FOR_APPLICANT
    assert (case.corrections["fields"], case.corrections["documents"]) == (["units"], ["deed"])
    assert case.holder is None  # a step releases the hold
    citizen = Client()
    citizen.force_login(case.applicant)
    seen = _text(citizen.get(f"/requests/{case.tracking_code}/"))
    assert "کار شما: اصلاح و ارسال دوباره" in seen
    assert "تعداد واحدها" in seen
    assert "سند مالکیت" in seen
    assert "تعداد واحدها با نقشه نمی‌خواند" in seen


def test_a_missing_reason_is_shown_on_its_field_and_nothing_changes(client: Client) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client)

    response = _return(client, case.tracking_code, fields=["units"])

    assert response.status_code == 200
    page = page_of(response)
    assert "این مورد الزامی است." in " ".join(page.text)
    summary_links = [a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href", "")]
    assert f"#id_{RETURN}-reason" in summary_links
    ticked = [
        i.attrs["value"]
        for i in page.find_all("input")
        if i.attrs.get("name") == f"{RETURN}-fields" and "checked" in i.attrs
    ]
    assert ticked == ["units"]  # what was chosen is kept
    assert state(case) == before


def test_a_stale_page_is_refused_when_the_request_moved_on(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    act(actor=verified(staff_member(StaffRole.DESK_CLERK, 7)), case=case, action="request_visit")
    before = state(case)

    response = _return(client, case.tracking_code, step=0, reason="x")

    assert CHANGED in _text(response)
    assert state(case) == before


def test_a_stale_page_is_refused_even_when_the_same_action_is_open_again(
    client: Client,
) -> None:
    case = waiting()[0]
    signed_in(client)
    case = returned(case, fields=["units"])  # step 1
    update_form(actor=case.applicant, case=case, data={"units": 4})
    act(actor=case.applicant, case=case, action="resubmit")  # step 2: back at the desk
    before = state(case)

    response = _return(client, case.tracking_code, step=0, reason="دوباره", fields=["units"])

    assert CHANGED in _text(response)
    assert state(case) == before


def test_someone_elses_hold_is_respected(client: Client) -> None:
    case = waiting()[0]
    claim(
        actor=verified(staff_member(StaffRole.DESK_CLERK, 7, first_name="رضا", last_name="کریمی")),
        case=case,
    )
    before = state(case)
    signed_in(client)
    page = _text(client.get(f"/staff/requests/{case.tracking_code}/"))
    assert "این درخواست در دست رضا کریمی است" in page

    response = _return(client, case.tracking_code, reason="x")

    assert "در دست رضا کریمی است؛ نخست باید آن را رها یا به شما واگذار کند." in _text(response)
    assert state(case) == before


def test_a_rejection_asks_for_confirmation(client: Client) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client)
    url = f"/staff/requests/{case.tracking_code}/act/reject/"

    unconfirmed = client.post(url, {"step": "0", "reject-reason": "سند معتبر نیست"})
    assert "برای انجام این اقدام، تأیید را بزنید." in _text(unconfirmed)
    assert state(case) == before

    client.post(url, {"step": "0", "reject-reason": "سند معتبر نیست", "reject-confirm": "on"})
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "rejected"
    assert case.status == CaseStatus.CANCELLED


def test_an_action_with_no_inputs_is_one_button(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    response = client.post(
        f"/staff/requests/{case.tracking_code}/act/request_visit/", {"step": "0"}, follow=True
    )
    assert "«تأیید مدارک و ارجاع به بازدید» انجام شد." in _text(response)
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "visit_booking"


def test_an_action_this_role_does_not_take_is_refused(client: Client) -> None:
    case = waiting()[0]
    before = state(case)
    signed_in(client)
    response = client.post(
        f"/staff/requests/{case.tracking_code}/act/approve_technically/", {"step": "0"}, follow=True
    )
    assert "این اقدام اکنون برای شما ممکن نیست." in _text(response)
    assert state(case) == before


def test_internal_notes_stay_with_staff_messages_reach_the_citizen(client: Client) -> None:
    case = waiting()[0]
    signed_in(client)
    url = f"/staff/requests/{case.tracking_code}/notes/"

    client.post(url, {"body": "سند با استعلام ثبت تطبیق شد", "audience": "internal"})
    client.post(url, {"body": "لطفاً نسخهٔ خواناتری از سند بفرستید", "audience": "applicant"})
    empty = client.post(url, {"body": "  ", "audience": "internal"})

    assert "متن را بنویسید." in _text(empty)
    staff_page = _text(client.get(f"/staff/requests/{case.tracking_code}/"))
    assert "سند با استعلام ثبت تطبیق شد" in staff_page
    assert "یادداشت داخلی" in staff_page
    citizen = Client()
    citizen.force_login(case.applicant)
    seen = _text(citizen.get(f"/requests/{case.tracking_code}/"))
    assert "لطفاً نسخهٔ خواناتری از سند بفرستید" in seen
    assert "سند با استعلام ثبت تطبیق شد" not in seen
    assert list(case.messages.values_list("internal", flat=True)) == [True, False]
