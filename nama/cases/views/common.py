"""What the request pages share: finding the signed-in applicant's request, the service
definition behind it, and the journey's steps."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.cases.models import Case
from nama.cases.selectors import case_for
from nama.catalog.schema import ServiceSpec
from nama.catalog.selectors import spec_of
from nama.core.problems import NotFoundError

NOT_FOUND = "این درخواست پیدا نشد."


def applicant_case(request: HttpRequest, code: str) -> tuple[User, Case]:
    """The signed-in user and their request ``code``; 404 for anyone not on its applicant side
    (a request that does not exist and one of someone else look the same)."""
    user = signed_in_user(request)
    try:
        case = case_for(user, code)
    except NotFoundError as error:
        raise Http404(error.detail) from error
    if not can(user, "cases.act_as_applicant", case):
        raise Http404(NOT_FOUND)
    return user, case


def spec_of_case(case: Case) -> ServiceSpec:
    """The definition of the service version the request was started on."""
    return spec_of(case.service_version)


@dataclass(frozen=True)
class JourneyStep:
    number: int
    label: str
    state: str  # done, current or upcoming


JOURNEY = ("ملک", "اطلاعات درخواست", "مدارک", "بازبینی و ثبت")


def journey(current: int) -> list[JourneyStep]:
    """The four steps of applying, for the progress list at the top of each page (1-based)."""
    return [
        JourneyStep(
            number,
            label,
            "done" if number < current else "current" if number == current else "upcoming",
        )
        for number, label in enumerate(JOURNEY, start=1)
    ]
