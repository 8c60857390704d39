"""A desk clerk starts a request for a walk-in citizen: their own districts only, a property
the citizen owns per the registry, a service offered at the counter. Refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.constants import CHANNEL_PRIORITY, CaseStatus, Channel
from nama.cases.models import Case
from nama.core.problems import ApiError, ConflictError, ForbiddenError, NotFoundError
from nama.counter.services import start_counter_request
from nama.counter.tests.helpers import (
    ARABIC,
    NOT_CLERKS,
    PERSIAN,
    desk_clerk,
    not_a_clerk,
    parcel_of,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _start(actor: Any, citizen: Any, code: str = "7-12-34-5-0-0-0", service: str = "D15") -> Case:
    return start_counter_request(
        actor=actor, citizen=citizen, renewal_code=code, service_code=service, idempotency_key="k"
    )


def test_the_draft_is_the_citizens_registered_by_the_clerk_and_ranks_after_online() -> None:
    clerk = desk_clerk(7)
    citizen = make_user()
    parcel = parcel_of(citizen.national_id or "")

    case = _start(clerk, citizen, code="۷-۱۲-۳۴-۵-٠-٠-٠")

    assert case.status == CaseStatus.DRAFT
    assert (case.applicant, case.registered_by, case.parcel) == (citizen, clerk, parcel)
    assert (case.channel, case.district.number) == (Channel.COUNTER, 7)
    assert case.priority == CHANNEL_PRIORITY[Channel.COUNTER]
    assert case.priority > CHANNEL_PRIORITY[Channel.ONLINE]
    # A double click (the same page token) makes one draft.
    assert _start(clerk, citizen).pk == case.pk
    assert Case.objects.count() == 1


def test_a_building_code_names_its_parcel() -> None:
    citizen = make_user()
    parcel = parcel_of(citizen.national_id or "")
    case = _start(desk_clerk(7), citizen, code="7-12-34-5-1-0-0".translate(ARABIC))
    assert case.parcel == parcel


def _refused(error: type[Exception], actor: Any, citizen: Any, **kwargs: str) -> Exception:
    before = snapshot()
    with pytest.raises(error) as refused:
        _start(actor, citizen, **kwargs)
    assert snapshot() == before
    return refused.value


def test_a_clerk_of_another_district_is_refused() -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "")
    refused = _refused(ForbiddenError, desk_clerk(3), citizen)
    assert isinstance(refused, ApiError)
    assert refused.code == "parcel_outside_district"
    assert "منطقه ۷" in refused.detail


def test_a_parcel_the_citizen_does_not_own_is_refused_and_the_clerk_cannot_override() -> None:
    someone_else = make_user()
    parcel_of(someone_else.national_id or "")
    refused = _refused(ForbiddenError, desk_clerk(7), make_user())
    assert isinstance(refused, ApiError)
    assert refused.code == "not_the_owner"
    assert "مالک این ملک نیست" in refused.detail


def test_an_unknown_parcel_and_a_malformed_code_are_refused() -> None:
    citizen = make_user()
    refused = _refused(NotFoundError, desk_clerk(7), citizen, code="7-99-99-99-0-0-0")
    assert isinstance(refused, ApiError)
    assert refused.code == "parcel_not_found"
    malformed = _refused(ValidationError, desk_clerk(7), citizen, code="7-12-34")
    assert isinstance(malformed, ValidationError)
    assert "renewal_code" in malformed.message_dict


@pytest.mark.parametrize(
    ("service", "error", "code"),
    [
        ("E25", ConflictError, "service_not_at_counter"),  # online only
        ("C11", ConflictError, "service_not_at_counter"),  # partners only
        ("B5", ConflictError, "service_not_at_counter"),  # self-service, not a request
        ("Z99", NotFoundError, "service_not_found"),
    ],
)
def test_a_service_not_registered_at_the_counter_is_refused(
    service: str, error: type[ApiError], code: str
) -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "")
    refused = _refused(error, desk_clerk(7), citizen, service=service)
    assert isinstance(refused, ApiError)
    assert refused.code == code


def test_a_service_not_offered_in_the_district_is_refused() -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "", code="3-1-2-3-0-0-0")  # District 3: not a pilot
    refused = _refused(ConflictError, desk_clerk(3), citizen, code="3-1-2-3-0-0-0")
    assert isinstance(refused, ApiError)
    assert refused.code == "service_not_available_here"
    assert "منطقه ۳" in refused.detail


@pytest.mark.parametrize("who", NOT_CLERKS)
def test_only_a_verified_desk_clerk_may_start_one(who: str) -> None:
    citizen = make_user()
    parcel_of(citizen.national_id or "")
    refused = _refused(ForbiddenError, not_a_clerk(who), citizen)
    assert isinstance(refused, ApiError)
    assert refused.code == "not_a_desk_clerk"


def test_a_city_wide_clerk_serves_every_district() -> None:
    clerk = verified(staff_member(StaffRole.DESK_CLERK, None))
    citizen = make_user()
    parcel_of(citizen.national_id or "", code="8-1-2-3-0-0-0")
    case = _start(clerk, citizen, code="8-1-2-3-0-0-0".translate(PERSIAN))
    assert (case.district.number, case.registered_by) == (8, clerk)
