"""The citizen's journey through the API (the future mobile app): start a draft with an
Idempotency-Key (a retry returns the same draft), fill the form, submit (idempotent), a desk
clerk returns it, fix the named field, resubmit; list, filters, messages, inbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user
from nama.cases.models import Case, CaseMessage, Notification
from nama.cases.notifications import notify
from nama.cases.services import post_message
from nama.cases.tests.builders import (
    ARABIC,
    PERMIT_FORM,
    PERSIAN,
    attach_required,
    clerk,
    in_days,
    owned_parcel,
    represent,
    returned,
    submitted,
)
from nama.core.tracking import format_tracking_code
from nama.sms.testing import Outbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
JSON = "application/json"
URL = "/api/v1/cases"


def _send(
    client: Client, method: str, path: str, token: str, body: Any = None, **headers: str
) -> Any:
    call = getattr(client, method)
    data = json.dumps(body) if body is not None else None
    return call(path, data, content_type=JSON, headers={**bearer(token), **headers})


def test_the_whole_journey_with_a_retried_start_and_a_retried_submit(sms_outbox: Outbox) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    client, token = Client(), api_token(owner)
    start = {"service": "d۱۵", "renewal_code": parcel.renewal_code.translate(PERSIAN)}

    first = _send(client, "post", URL, token, start, **{"Idempotency-Key": "0b1e-retry-1"})
    assert first.status_code == 201, first.content
    created = first.json()
    code = created["tracking_code"]
    assert created["status"] == {"value": "draft", "label": "پیش‌نویس"}
    assert created["property"]["renewal_code"] == parcel.renewal_code
    assert created["property"]["district"]["number"] == 7
    assert created["editable_fields"] is None
    assert "id" not in created
    again = _send(client, "post", URL, token, start, **{"Idempotency-Key": "0b1e-retry-1"})
    assert again.status_code == 201
    assert again.json()["tracking_code"] == code
    assert Case.objects.count() == 1

    answers = {**PERMIT_FORM, "start_date": in_days(12).translate(ARABIC), "has_basement": True}
    patched = _send(client, "patch", f"{URL}/{code}/form", token, answers)
    assert patched.status_code == 200, patched.content
    assert patched.json()["form"]["floors"] == 3
    assert patched.json()["form"]["total_floor_area"] == 450

    incomplete = _send(client, "post", f"{URL}/{code}/submit", token)
    body = assert_problem(incomplete, 422, "validation_error")
    assert "documents" in body["errors"]
    attach_required(owner, Case.objects.get())

    done = _send(client, "post", f"{URL}/{code}/submit", token)
    assert done.status_code == 200, done.content
    submitted_case = done.json()
    assert submitted_case["status"]["value"] == "in_progress"
    assert submitted_case["step"]["code"] == "document_check"
    assert submitted_case["step"]["holder"] == "کارمند پیشخوان شهرسازی"
    assert submitted_case["due_at"] is not None
    assert submitted_case["tracking_code_display"] == format_tracking_code(code).translate(PERSIAN)
    assert [event["action"] for event in submitted_case["timeline"]] == ["start"]
    assert {action["action"] for action in submitted_case["actions"]} == {"withdraw"}
    retry = _send(client, "post", f"{URL}/{code}/submit", token)
    assert retry.status_code == 200
    case = Case.objects.get()
    assert case.workflow is not None
    assert case.workflow.history.count() == 1
    sms_outbox.flush()
    assert any(format_tracking_code(code) in sms["text"] for sms in sms_outbox.to(owner.mobile))

    returned(case, fields=["units"], reason="تعداد واحدها با نقشه نمی‌خواند")
    detail = _send(client, "get", f"{URL}/{code}", token).json()
    assert detail["status"]["value"] == "waiting"
    assert detail["needed"] == "اصلاح موارد خواسته‌شده و ارسال دوباره"
    assert detail["editable_fields"] == ["units"]
    assert detail["correction"]["reason"] == "تعداد واحدها با نقشه نمی‌خواند"
    assert detail["correction"]["fields"] == [
        {"name": "units", "label": "تعداد واحدها", "fixed": False}
    ]
    assert "resubmit" not in {action["action"] for action in detail["actions"]}

    refused = _send(client, "patch", f"{URL}/{code}/form", token, {"floors": 5})
    assert "floors" in assert_problem(refused, 422, "validation_error")["errors"]
    early = _send(client, "post", f"{URL}/{code}/actions/resubmit", token, {})
    assert_problem(early, 409, "guard_refused")

    fixed = _send(client, "patch", f"{URL}/{code}/form", token, {"units": "۴"})
    assert fixed.json()["correction"]["fields"][0]["fixed"] is True
    step = fixed.json()["step_number"]
    stale = _send(
        client, "post", f"{URL}/{code}/actions/resubmit", token, {"expected_step": step - 1}
    )
    assert_problem(stale, 409, "changed_meanwhile")
    resubmitted = _send(
        client, "post", f"{URL}/{code}/actions/resubmit", token, {"expected_step": step}
    )
    assert resubmitted.status_code == 200, resubmitted.content
    assert resubmitted.json()["status"]["value"] == "in_progress"
    assert [event["action"] for event in resubmitted.json()["timeline"]] == [
        "start",
        "return_for_correction",
        "resubmit",
    ]
    assert resubmitted.json()["timeline"][1]["by"] == "کارمند پیشخوان شهرسازی"

    withdrawn = _send(
        client, "post", f"{URL}/{code}/actions/withdraw", token, {"reason": "منصرف شدم"}
    )
    assert withdrawn.json()["status"] == {"value": "cancelled", "label": "انصراف داده شد"}
    assert withdrawn.json()["timeline"][-1]["reason"] == "منصرف شدم"


def test_an_idempotency_key_used_for_another_parcel_is_refused() -> None:
    owner = make_user()
    first, second = owned_parcel(owner), owned_parcel(owner, code="7-1-1-6-0-0-0")
    client, token = Client(), api_token(owner)
    key = {"Idempotency-Key": "k-42"}
    _send(client, "post", URL, token, {"service": "D15", "renewal_code": first.renewal_code}, **key)
    reused = _send(
        client, "post", URL, token, {"service": "D15", "renewal_code": second.renewal_code}, **key
    )
    assert_problem(reused, 422, "idempotency_key_reused")
    assert Case.objects.count() == 1
    bad = _send(
        client,
        "post",
        URL,
        token,
        {"service": "D15", "renewal_code": first.renewal_code},
        **{"Idempotency-Key": "x" * 81},
    )
    assert_problem(bad, 422, "idempotency_key_invalid")


def test_the_same_key_from_another_user_is_another_request() -> None:
    owner, other = make_user(), make_user()
    mine, theirs = owned_parcel(owner), owned_parcel(other, code="7-1-1-6-0-0-0")
    key = {"Idempotency-Key": "same"}
    a = _send(
        Client(),
        "post",
        URL,
        api_token(owner),
        {"service": "D15", "renewal_code": mine.renewal_code},
        **key,
    )
    b = _send(
        Client(),
        "post",
        URL,
        api_token(other),
        {"service": "D15", "renewal_code": theirs.renewal_code},
        **key,
    )
    assert a.json()["tracking_code"] != b.json()["tracking_code"]


def test_start_refusals_are_persian_problems() -> None:
    owner = make_user()
    owned_parcel(owner, code="3-1-1-5-0-0-0")
    client, token = Client(), api_token(owner)
    elsewhere = _send(
        client, "post", URL, token, {"service": "D15", "renewal_code": "3-1-1-5-0-0-0"}
    )
    body = assert_problem(elsewhere, 409, "service_not_available_here")
    assert "اکنون در:" in body["detail"]
    theirs = owned_parcel(make_user(), code="7-5-5-5-0-0-0")
    assert_problem(
        _send(client, "post", URL, token, {"service": "D15", "renewal_code": theirs.renewal_code}),
        403,
        "not_your_parcel",
    )
    garbled = _send(client, "post", URL, token, {"service": "D15", "renewal_code": "7-1"})
    assert "renewal_code" in assert_problem(garbled, 422, "validation_error")["errors"]
    unknown = _send(client, "post", URL, token, {"service": "Z99", "renewal_code": "3-1-1-5-0-0-0"})
    assert_problem(unknown, 404, "service_not_found")
    assert not Case.objects.exists()


def test_a_representative_starts_for_the_owner_by_national_id_or_without_it() -> None:
    owner, engineer = make_user(), make_user()
    parcel = owned_parcel(owner)
    client, token = Client(), api_token(engineer)
    start = {"service": "D15", "renewal_code": parcel.renewal_code, "owner": owner.national_id}
    assert_problem(_send(client, "post", URL, token, start), 403, "not_your_parcel")
    represent(owner, engineer)
    named = _send(client, "post", URL, token, start)
    assert named.status_code == 201
    assert named.json()["on_behalf_of"] == owner.display_name
    found = _send(
        client, "post", URL, token, {"service": "D15", "renewal_code": parcel.renewal_code}
    )
    assert found.json()["on_behalf_of"] == owner.display_name
    # The owner sees both in their own list.
    mine = Client().get(URL, headers=bearer(api_token(owner))).json()
    assert mine["count"] == 2


def test_the_list_filters_and_pages() -> None:
    owner = make_user()
    first = submitted(owner, owned_parcel(owner))
    client, token = Client(), api_token(owner)
    _send(client, "post", URL, token, {"service": "D15", "renewal_code": "7-1-1-5-0-0-0"})
    everything = client.get(URL, headers=bearer(token)).json()
    assert everything["count"] == 2
    drafts = client.get(f"{URL}?status=draft", headers=bearer(token)).json()
    assert [item["status"]["value"] for item in drafts["items"]] == ["draft"]
    in_progress = client.get(f"{URL}?status=in_progress&service=D15", headers=bearer(token)).json()
    assert [item["tracking_code"] for item in in_progress["items"]] == [first.tracking_code]
    page = client.get(f"{URL}?limit=1&offset=1", headers=bearer(token)).json()
    assert (page["count"], len(page["items"])) == (2, 1)
    assert_problem(
        client.get(f"{URL}?status=nonsense", headers=bearer(token)), 422, "validation_error"
    )


def test_the_list_costs_the_same_queries_however_long(django_assert_max_num_queries: Any) -> None:
    owner = make_user()
    for number in range(1, 7):
        submitted(owner, owned_parcel(owner, code=f"7-1-3-{number}-0-0-0"))
    client, token = Client(), api_token(owner)
    with django_assert_max_num_queries(6):
        response = client.get(URL, headers=bearer(token))
    assert response.json()["count"] == 6


def test_messages_both_ways_without_internal_notes() -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    post_message(actor=clerk(), case=case, body="یادداشت داخلی", internal=True)
    post_message(actor=clerk(), case=case, body="اصل سند را بیاورید.")
    client, token = Client(), api_token(owner)
    sent = _send(client, "post", f"{URL}/{case.tracking_code}/messages", token, {"body": "چشم."})
    assert sent.status_code == 201
    assert sent.json()["mine"] is True
    listed = client.get(f"{URL}/{case.tracking_code}/messages", headers=bearer(token)).json()
    assert [(m["body"], m["from_staff"]) for m in listed] == [
        ("اصل سند را بیاورید.", True),
        ("چشم.", False),
    ]
    empty = _send(client, "post", f"{URL}/{case.tracking_code}/messages", token, {"body": " "})
    assert_problem(empty, 422, "validation_error")
    assert CaseMessage.objects.count() == 3


def test_the_inbox_with_opaque_ids_and_mark_read() -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    notify(owner, case, "t:1", "step", step="بررسی فنی")
    notify(owner, case, "t:2", "step", step="محاسبه عوارض")
    client, token = Client(), api_token(owner)
    inbox = client.get("/api/v1/inbox", headers=bearer(token)).json()
    assert (inbox["unread"], inbox["count"]) == (2, 2)
    ids = [item["id"] for item in inbox["items"]]
    database_ids = {str(pk) for pk in Notification.objects.values_list("pk", flat=True)}
    assert not set(ids) & database_ids
    assert inbox["items"][0]["tracking_code"] == case.tracking_code
    marked = _send(client, "post", "/api/v1/inbox/read", token, {"ids": ids[:1]})
    assert marked.json() == {"marked": 1, "unread": 1}
    unread = client.get("/api/v1/inbox?unread=true", headers=bearer(token)).json()
    assert [item["id"] for item in unread["items"]] == ids[1:]
    assert _send(client, "post", "/api/v1/inbox/read", token, {"all": True}).json() == {
        "marked": 1,
        "unread": 0,
    }


def test_discarding_a_draft() -> None:
    owner = make_user()
    owned_parcel(owner)
    client, token = Client(), api_token(owner)
    code = _send(
        client, "post", URL, token, {"service": "D15", "renewal_code": "7-1-1-5-0-0-0"}
    ).json()["tracking_code"]
    assert _send(client, "delete", f"{URL}/{code}", token).status_code == 204
    assert not Case.objects.exists()


def test_a_session_needs_the_csrf_header_for_writes() -> None:
    owner = make_user()
    owned_parcel(owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    start = {"service": "D15", "renewal_code": "7-1-1-5-0-0-0"}
    refused = client.post(URL, json.dumps(start), content_type=JSON)
    assert_problem(refused, 403, "csrf_failed")
    assert client.get(URL).status_code == 200
    assert not Case.objects.exists()


def test_signing_in_is_required() -> None:
    assert_problem(Client().get(URL), 401, "not_authenticated")
    assert_problem(Client().get("/api/v1/inbox"), 401, "not_authenticated")
