"""Requests that require the renewal duty settled (subdivision, merger, completion
certificate) check the platform's own records instead of asking for an uploaded receipt."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.tests.factories import make_user
from nama.billing.constants import Purpose
from nama.billing.services.duties import record_opening_balance
from nama.billing.tariffs import current_year
from nama.cases.constants import CaseStatus
from nama.cases.services import start_draft, submit_case, update_form
from nama.cases.tests.builders import attach_required, owned_parcel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog", "tariffs")]


def test_a_subdivision_waits_until_every_year_of_renewal_duty_is_paid() -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    case = start_draft(actor=owner, service_code="F30", parcel=parcel)
    form = {"plot_area": "۴۸۰", "parts": "2", "intended_use": "residential"}
    case = update_form(actor=owner, case=case, data=form)
    attach_required(owner, case)
    record_opening_balance(
        purpose=Purpose.RENEWAL_DUTY, through_year=current_year() - 1, actor=None, parcel=parcel
    )

    with pytest.raises(ValidationError) as refused:
        submit_case(actor=owner, case=case)
    assert refused.value.message_dict["eligibility"] == [
        "عوارض نوسازی این ملک تسویه نشده است؛ نخست آن را بپردازید."
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT

    record_opening_balance(
        purpose=Purpose.RENEWAL_DUTY, through_year=current_year(), actor=None, parcel=parcel
    )
    assert submit_case(actor=owner, case=case).status != CaseStatus.DRAFT
