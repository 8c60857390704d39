"""Step two at the counter: the property (by renewal code) and the service → a draft request
for the walk-in citizen."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nama.accounts.models import User
from nama.core.masking import mask_mobile, mask_national_id
from nama.core.problems import ApiError
from nama.counter.forms import RequestStartForm
from nama.counter.selectors import (
    citizen_parcels_here,
    counter_services,
    mask_name,
    walk_in_account,
)
from nama.counter.services import start_counter_request
from nama.counter.views.common import clerk_of, journey, walk_in_of

START_AGAIN = "نخست شهروند را با کد ملی او پیدا و تأیید کنید."


def _served_citizen(request: HttpRequest) -> User | None:
    """The citizen the clerk confirmed (or created) in step one, if still current."""
    state = walk_in_of(request)
    if state is None or state.citizen_id is None:
        return None
    try:
        account = walk_in_account(state.national_id)
    except ApiError:
        return None
    return account if account is not None and account.pk == state.citizen_id else None


@login_required
@require_http_methods(["GET", "POST"])
def property_step(request: HttpRequest) -> HttpResponse:
    """Which property and which service; creates the draft (once per page token)."""
    user = clerk_of(request)
    citizen = _served_citizen(request)
    if citizen is None:
        messages.info(request, START_AGAIN)
        return redirect("counter:start")
    services = counter_services(user)
    form = RequestStartForm(
        request.POST if request.method == "POST" else None,
        initial={"token": secrets.token_urlsafe(24)},
        services=[(service.code, f"{service.code} — {service.title}") for service in services],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = f"counter:{data['token']}:{data['renewal_code']}:{data['service']}"
        try:
            case = start_counter_request(
                actor=user,
                citizen=citizen,
                renewal_code=data["renewal_code"],
                service_code=data["service"],
                idempotency_key=key[:100],
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            return redirect("counter:form", code=case.tracking_code)
    context = {
        "form": form,
        "citizen_name": mask_name(citizen.get_full_name()),
        "citizen_national_id": mask_national_id(citizen.national_id),
        "citizen_mobile": mask_mobile(citizen.mobile),
        "parcels": list(citizen_parcels_here(user, citizen)),
        "services": services,
        "journey": journey(2),
    }
    return render(request, "counter/property.html", context)
