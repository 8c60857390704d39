"""The fee pages: the applicant reads the lines and answers on
``/requests/<code>/fees/`` (a missing tick or a too-short reason is refused on the form and
changes nothing); the district's revenue officer changes a line with a reason on
``/staff/requests/<code>/fees/``, which no one else may open."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member
from nama.billing.constants import AssessmentStatus
from nama.billing.models import Bill
from nama.billing.services.consent import fingerprint
from nama.billing.tests.test_workflow_fees import (
    assess,
    at_fee_assessment,
    committed,
    state,
)
from nama.core.money import format_rials
from nama.core.testing.html import outline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]


def _text(response: object) -> str:
    return " ".join(outline(getattr(response, "content", b"")).text)


def test_the_applicant_reads_the_lines_and_must_tick_the_box_to_accept() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    url = reverse("case_fees:show", kwargs={"code": case.tracking_code})
    client = Client()
    client.force_login(owner)

    page = _text(client.get(url))
    for line in assessment.lines.all():
        assert line.label in page
    assert format_rials(assessment.total) in page
    assert ("ارقام نمونه" in page) == assessment.illustrative
    stranger = Client()
    stranger.force_login(make_user())
    assert stranger.get(url).status_code == 404

    step = str(case.workflow.step if case.workflow else 0)
    accept = reverse("case_fees:accept", kwargs={"code": case.tracking_code})
    unticked = client.post(accept, {"seen": fingerprint(assessment), "step": step})
    assert "محاسبه را خواندم و می‌پذیرم" in _text(unticked)
    short = client.post(
        reverse("case_fees:dispute", kwargs={"code": case.tracking_code}),
        {"reason": "گران است", "step": step},
    )
    assert "۱۰" in _text(short)
    assessment.refresh_from_db()
    assert (assessment.status, state(case)) == (AssessmentStatus.PROPOSED, "fee_consent")

    with committed():
        done = client.post(accept, {"confirm": "on", "seen": fingerprint(assessment), "step": step})
    assert done.status_code == 302
    assert state(case) == "payment"
    bills = list(case.bills.all())
    assert bills
    shown = client.get(url).content.decode()
    for bill in bills:
        assert reverse("payments:pay", args=[bill.pk]) in shown


def test_only_the_districts_revenue_officer_changes_a_line_with_a_reason() -> None:
    case = at_fee_assessment()
    assessment = assess(case)
    line = assessment.lines.filter(amount__gt=0).first()
    assert line is not None
    page = reverse("staff_fees:show", kwargs={"code": case.tracking_code})
    adjust = reverse("staff_fees:adjust", kwargs={"code": case.tracking_code, "line": line.pk})
    for role, district in ((StaffRole.DESK_CLERK, 7), (StaffRole.REVENUE_OFFICER, 3)):
        other = Client()
        sign_in_verified(other, staff_member(role, district))
        assert other.get(page).status_code == 404
        assert other.post(adjust, {f"line{line.pk}-amount": "1000"}).status_code == 404
    officer = Client()
    sign_in_verified(officer, staff_member(StaffRole.REVENUE_OFFICER, 7))
    prefix = f"line{line.pk}"

    no_reason = officer.post(adjust, {f"{prefix}-amount": "۱٬۰۰۰", f"{prefix}-reason": ""})
    assert "دلیل اصلاح را بنویسید" in _text(no_reason)
    line.refresh_from_db()
    assert not line.adjusted

    officer.post(adjust, {f"{prefix}-amount": "۱٬۰۰۰", f"{prefix}-reason": "معافیت جزئی"})
    line.refresh_from_db()
    assert (line.amount, line.adjustments.get().reason) == (1000, "معافیت جزئی")
    assert "معافیت جزئی" in _text(officer.get(page))
    applicant = Client()
    applicant.force_login(case.applicant)
    seen = _text(applicant.get(reverse("case_fees:show", kwargs={"code": case.tracking_code})))
    assert "اصلاح‌شده به دست کارشناس" in seen
    assert "معافیت جزئی" in seen


def test_the_applicant_may_pay_a_large_permit_in_the_installments_the_tariff_allows() -> None:
    owner = make_user()
    case = at_fee_assessment(owner)
    assessment = assess(case)
    url = reverse("case_fees:show", kwargs={"code": case.tracking_code})
    client = Client()
    client.force_login(owner)
    assert "پرداخت در چند قسط ماهانه؟" in _text(client.get(url))

    accept = reverse("case_fees:accept", kwargs={"code": case.tracking_code})
    form = {"seen": fingerprint(assessment), "confirm": "on", "installments": "3"}
    assert client.post(accept, {**form, "installments": "99"}).status_code == 200
    assert not Bill.objects.filter(case=case).exists()
    client.post(accept, form)
    bills = Bill.objects.filter(case=case)
    assert set(bills.values_list("period", flat=True)) == {1, 2, 3}
    assert len({bill.due_on for bill in bills}) == 3
    assert state(case) == "payment"
