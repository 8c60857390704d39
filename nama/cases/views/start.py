"""Starting a request: from a service's page, pick the property, get a draft."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nama.accounts.views.common import signed_in_user
from nama.cases.applying import find_property
from nama.cases.constants import CaseStatus
from nama.cases.forms import OTHER_PARCEL, StartForm
from nama.cases.selectors import cases_of_applicant, filter_cases
from nama.cases.services import start_draft
from nama.cases.views.common import journey
from nama.catalog.constants import Channel, ServiceKind, SubjectKind
from nama.catalog.selectors import ServiceFacts, ServiceNotFoundError, service_detail
from nama.core.problems import ApiError
from nama.parcels.selectors import parcels_owned_by

# Where a refusal of the property belongs: next to what the applicant used to name it.
_PROPERTY_ERRORS = ("not_your_parcel", "service_not_available_here", "not_a_representative")


@dataclass(frozen=True)
class ParcelOption:
    renewal_code: str
    address: str
    district: str
    offered: bool  # the service is offered online in the parcel's district today


def online_here(facts: ServiceFacts) -> bool:
    """Can this service be requested on this site at all (whatever the district)?"""
    spec = facts.spec
    return (
        spec.kind == ServiceKind.REQUEST
        and Channel.ONLINE in spec.channels
        and any(subject != SubjectKind.NONE for subject in spec.subjects)
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, service: str) -> HttpResponse:
    user = signed_in_user(request)
    try:
        facts = service_detail(service)
    except ServiceNotFoundError as error:
        raise Http404(error.detail) from error
    if facts.spec.kind != ServiceKind.REQUEST:
        return redirect("catalog:service", code=facts.spec.code)
    offered = {district.pk for district in facts.districts}
    options = [
        ParcelOption(
            parcel.renewal_code, parcel.address, parcel.district.name, parcel.district_id in offered
        )
        for parcel in parcels_owned_by(user)
    ]
    form = StartForm(
        request.POST if request.method == "POST" else None,
        initial={"token": secrets.token_urlsafe(24), "parcel": ""},
        choices=[option.renewal_code for option in options],
    )
    if request.method == "POST" and online_here(facts) and form.is_valid():
        code = form.chosen_code()
        if code:
            picked = form.cleaned_data.get("parcel") not in ("", OTHER_PARCEL)
            used = "parcel" if picked else "renewal_code"
            try:
                parcel, owner = find_property(
                    user=user, renewal_code=code, service_code=facts.spec.code
                )
                case = start_draft(
                    actor=user,
                    service_code=facts.spec.code,
                    parcel=parcel,
                    owner=owner,
                    idempotency_key=f"web:{form.cleaned_data['token']}:{parcel.renewal_code}",
                )
            except ApiError as error:
                if error.code in _PROPERTY_ERRORS:
                    form.add_error(used, error.detail)
                else:
                    form.add_service_error(error)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return redirect("cases:form", code=case.tracking_code)
    drafts = filter_cases(
        cases_of_applicant(user), status=CaseStatus.DRAFT, service=facts.spec.code
    )
    context = {
        "facts": facts,
        "form": form,
        "options": options,
        "picked": form["parcel"].value() or "",
        "other": OTHER_PARCEL,
        "online": online_here(facts),
        "drafts": list(drafts[:5]),
        "journey": journey(1),
    }
    return render(request, "cases/start.html", context)
