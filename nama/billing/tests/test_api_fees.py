"""A request's fees through the API: read the lines, accept (bills issued at once) or
dispute; nobody but the applicant side sees them."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.tests.factories import api_token, assert_problem, bearer, make_user
from nama.billing.models import Bill
from nama.billing.tests.test_workflow_fees import assess, at_fee_assessment, state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]


def _url(code: str, tail: str = "") -> str:
    return f"/api/v1/bills/requests/{code}/fees{tail}"


def test_the_applicant_reads_the_lines_and_accepts_and_the_bills_are_issued(
    client: Client,
) -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    auth = bearer(api_token(owner))

    fees = client.get(_url(case.tracking_code), headers=auth).json()
    assert fees["may_accept"]
    assert fees["may_dispute"]
    assert fees["max_installments"] > 2  # a permit's fees over the tariff's threshold
    assert fees["bills"] == []
    assert fees["assessment"]["total"] == assessment.total
    assert sum(line["amount"] for line in fees["assessment"]["lines"]) == assessment.total
    assert all(line["explanation"] for line in fees["assessment"]["lines"])

    stale = client.post(
        _url(case.tracking_code, "/accept"), {"seen": "0" * 64}, "application/json", headers=auth
    )
    assert_problem(stale, 409, "fees_changed")
    assert not Bill.objects.filter(case=case).exists()

    seen = fees["assessment"]["fingerprint"]
    too_many = {"seen": seen, "installments": fees["max_installments"] + 1}
    refused = client.post(
        _url(case.tracking_code, "/accept"), too_many, "application/json", headers=auth
    )
    assert refused.status_code == 422
    assert not Bill.objects.filter(case=case).exists()
    assert state(case) == "fee_consent"
    accepted = client.post(
        _url(case.tracking_code, "/accept"),
        {"seen": seen, "installments": 2},
        "application/json",
        headers=auth,
    )
    assert accepted.status_code == 200
    body = accepted.json()
    assert not body["may_accept"]
    assert len(body["bills"]) == Bill.objects.filter(case=case).count() > 0
    assert {bill["status"]["value"] for bill in body["bills"]} == {"issued"}
    periods = Bill.objects.filter(case=case).values_list("period", "installments")
    assert set(periods) == {(1, 2), (2, 2)}
    assert state(case) == "payment"


def test_a_dispute_needs_a_reason_and_goes_to_the_revenue_officer(client: Client) -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assess(case)
    auth = bearer(api_token(owner))
    url = _url(case.tracking_code, "/dispute")

    short = client.post(url, {"reason": "کم"}, "application/json", headers=auth)
    assert_problem(short, 422, "validation_error")
    assert state(case) == "fee_consent"
    reason = "زیربنای طبقه همکف را دو بار حساب کرده‌اید."
    assert client.post(url, {"reason": reason}, "application/json", headers=auth).status_code == 200
    assert state(case) == "fee_dispute"


def test_nobody_else_sees_or_accepts_a_requests_fees(client: Client) -> None:
    owner, stranger = make_user(), make_user()
    case = at_fee_assessment(owner)
    assess(case)
    auth = bearer(api_token(stranger))
    assert_problem(client.get(_url(case.tracking_code), headers=auth), 404, "not_found")
    refused = client.post(_url(case.tracking_code, "/accept"), {}, "application/json", headers=auth)
    assert_problem(refused, 404, "not_found")
    assert client.get(_url(case.tracking_code)).status_code == 401
    assert state(case) == "fee_consent"
