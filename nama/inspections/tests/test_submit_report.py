"""Saving drafts with revisions and submitting once, through the API the phone uses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from nama.accounts.tests.factories import api_token, assert_problem, bearer, sign_in_verified
from nama.cases.models import Case
from nama.inspections.models import Discrepancy, InspectionReport, Observation
from nama.inspections.tests.builders import at_visit
from nama.visits.models import Visit, VisitStatus
from nama.workflow.models import TransitionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

CHECKLIST = {
    "boundaries_match": {"ok": True, "note": ""},
    "no_early_construction": {"ok": False, "note": "پی‌کنی آغاز شده"},
    "setback_feasible": {"ok": True},
    "street_access": {"ok": True},
    "no_encroachment": {"ok": True},
    "no_obstacles": {"ok": True},
}
VALUES = {"land_area": "۶۰۰", "floors": "۳", "units": "3", "built_area_by_floor": ["۱۵۰", "150"]}


def _api(visit: Visit) -> tuple[Client, dict[str, str]]:
    return Client(), bearer(api_token(visit.inspector))


def _url(case: Case, tail: str = "") -> str:
    return f"/api/v1/staff/inspections/{case.tracking_code}{tail}"


def _put(client: Client, headers: dict[str, str], case: Case, body: dict[str, Any]) -> Any:
    return client.put(
        _url(case), data=json.dumps(body), content_type="application/json", headers=headers
    )


def _submit(client: Client, headers: dict[str, str], case: Case, key: str, body: Any = None) -> Any:
    return client.post(
        _url(case, "/submit"),
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={**headers, "Idempotency-Key": key},
    )


def _steps(case: Case) -> int:
    return TransitionRecord.objects.filter(instance=case.workflow_id).count()


def test_drafts_move_the_revision_on_and_a_stale_one_is_refused() -> None:
    case, visit = at_visit()
    client, headers = _api(visit)

    first = _put(client, headers, case, {"revision": 0, "values": VALUES})
    second = _put(client, headers, case, {"revision": 1, "values": {**VALUES, "floors": "4"}})
    stale = _put(client, headers, case, {"revision": 1, "values": {"floors": "9"}})

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["revision"] == 2
    assert_problem(stale, 409, "stale_revision")
    report = InspectionReport.objects.get()
    assert (report.revision, report.values["floors"]) == (2, "4")
    assert report.values["land_area"] == "600"  # digits kept as ASCII


def test_a_first_save_against_a_report_saved_elsewhere_is_stale() -> None:
    case, visit = at_visit()
    client, headers = _api(visit)
    _put(client, headers, case, {"revision": 0, "values": VALUES})

    again = _put(client, headers, case, {"revision": 0, "values": {"floors": "9"}})

    assert_problem(again, 409, "stale_revision")
    assert InspectionReport.objects.get().values["floors"] == "3"


def test_submitting_twice_with_the_same_key_changes_nothing() -> None:
    case, visit = at_visit()
    client, headers = _api(visit)
    body = {"revision": 0, "values": VALUES, "checklist": CHECKLIST, "notes": "همسایه حاضر بود"}
    steps = _steps(case)

    first = _submit(client, headers, case, "submit-1", body)
    report = InspectionReport.objects.get()
    again = _submit(client, headers, case, "submit-1", body)
    other = _submit(client, headers, case, "submit-2", body)

    assert first.status_code == 200, first.content
    assert first.json()["submitted_at"]
    assert not first.json()["open"]
    assert again.status_code == 200
    assert again.json() == first.json()
    assert_problem(other, 409, "already_submitted")
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "technical_review"
    assert case.queue_role == "planning_officer"
    assert _steps(case) == steps + 1
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.DONE
    unchanged = InspectionReport.objects.get()
    assert (unchanged.submitted_at, unchanged.revision) == (report.submitted_at, report.revision)
    assert unchanged.values == {
        "land_area": "600.00",
        "floors": 3,
        "units": 3,
        "built_area_by_floor": ["150.00", "150.00"],
    }
    assert unchanged.checklist["no_early_construction"] == {"ok": False, "note": "پی‌کنی آغاز شده"}
    assert unchanged.notes == "همسایه حاضر بود"


def test_a_submission_with_unreadable_figures_or_open_items_is_refused_whole() -> None:
    case, visit = at_visit()
    client, headers = _api(visit)
    partial = {key: CHECKLIST[key] for key in list(CHECKLIST)[:4]}
    body = {"revision": 0, "values": {**VALUES, "floors": "سه"}, "checklist": partial}

    refused = _submit(client, headers, case, "submit-1", body)

    problem = assert_problem(refused, 422, "validation_error")
    assert problem["errors"]["floors"] == ["باید عدد باشد."]
    assert set(problem["errors"]) == {
        "floors",
        "checklist.no_encroachment",
        "checklist.no_obstacles",
    }
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "visit"
    assert not InspectionReport.objects.filter(submitted_at__isnull=False).exists()
    assert not InspectionReport.objects.exists()  # the draft in the refused call is not kept
    assert not Observation.objects.exists()
    assert not Discrepancy.objects.exists()
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.BOOKED


def test_a_submission_needs_a_key() -> None:
    case, visit = at_visit()
    client, headers = _api(visit)

    response = client.post(
        _url(case, "/submit"), data="", content_type="application/json", headers=headers
    )

    assert_problem(response, 422, "idempotency_key_invalid")
    assert not InspectionReport.objects.exists()


def test_the_web_form_saves_and_submits_without_javascript() -> None:
    case, visit = at_visit()
    client = Client()
    sign_in_verified(client, visit.inspector)
    url = f"/inspections/{case.tracking_code}/"
    answers = {f"check_{key}": "yes" for key in CHECKLIST}
    typed = {"revision": "0", "floors": "۳", "built_area_by_floor": ["۱۲۰", ""], **answers}

    saved = client.post(url, {**typed, "_action": "save"})
    unconfirmed = client.post(url, {**typed, "revision": "1", "_action": "submit"})
    submitted = client.post(
        url,
        {**typed, "revision": "1", "_action": "submit", "confirm": "yes", "submission_key": "k"},
    )

    assert saved.status_code == 302
    assert unconfirmed.status_code == 422
    assert "تأیید کنید که گزارش کامل است" in unconfirmed.content.decode()
    assert submitted.status_code == 302
    assert submitted["Location"] == "/inspections/"
    report = InspectionReport.objects.get()
    assert report.values == {"floors": 3, "built_area_by_floor": ["120.00"]}
    assert report.is_submitted
    page = client.get(url)
    assert "ثبت نهایی شد" in page.content.decode()
