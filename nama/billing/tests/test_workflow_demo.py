"""`nama demo` leaves Maryam's building permit waiting for her to accept its fees, her
properties owing renewal duty from 1404 on, a car, a grocery and Reza's duty bill for the
revenue officer to see; running it again makes nothing twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from nama.accounts.authz import can
from nama.accounts.demo import CITIZENS
from nama.accounts.models import User
from nama.accounts.tests.factories import verified
from nama.billing.constants import AssessmentStatus, Purpose
from nama.billing.models import Assessment, Bill, Business, Vehicle
from nama.billing.services.assessments import live_assessment
from nama.billing.services.duties import subject_key, unpaid_years
from nama.billing.tariffs import current_year
from nama.cases.models import Case
from nama.parcels.selectors import parcels_owned_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _counts() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Assessment.objects.count(),
        Bill.objects.count(),
        Vehicle.objects.count(),
    )


def test_the_demo_citizen_has_fees_to_accept_and_duty_arrears() -> None:
    call_command("demo", stdout=StringIO())
    first = _counts()
    call_command("demo", stdout=StringIO())
    assert _counts() == first

    maryam = User.objects.get(username=CITIZENS[0][0])
    permit = Case.objects.get(applicant=maryam, service__code="D15", workflow__state="fee_consent")
    assessment = live_assessment(permit)
    assert assessment is not None
    assert (assessment.status, assessment.illustrative) == (AssessmentStatus.PROPOSED, True)
    for parcel in parcels_owned_by(maryam).filter(district__number=7):
        owed = unpaid_years(Purpose.RENEWAL_DUTY, subject_key(parcel=parcel))
        assert owed == list(range(1404, current_year() + 1))
    assert Vehicle.objects.filter(owner=maryam, active=True).exists()
    assert Business.objects.filter(unit__building__parcel__in=parcels_owned_by(maryam)).exists()
    revenue = verified(User.objects.get(username="revenue7"))
    bills = Bill.objects.filter(purpose=Purpose.RENEWAL_DUTY)
    assert bills.exists()
    assert all(can(revenue, "billing.view", bill) for bill in bills)
