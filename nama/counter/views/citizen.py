"""Step one at the counter: the walk-in citizen. The clerk types the national ID; an existing
account is confirmed from its masked name and mobile, a missing one is created."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nama.accounts.models import User
from nama.accounts.views.common import client_of
from nama.core.identifiers import validate_national_id
from nama.core.masking import mask_mobile
from nama.core.problems import ApiError
from nama.counter.forms import NationalIdForm, NewCitizenForm
from nama.counter.selectors import counter_drafts, mask_name, walk_in_account
from nama.counter.services import register_walk_in
from nama.counter.views.common import clerk_of, journey, remember_walk_in, walk_in_of

START_AGAIN = "کد ملی شهروند را دوباره وارد کنید."
CREATED = "حساب شهروند ساخته شد و پیامک ورود برای او فرستاده شد."


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The clerk's entry page: whom is the request for (and the drafts left to finish)."""
    user = clerk_of(request)
    form = NationalIdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            national_id = validate_national_id(form.cleaned_data["national_id"])
            walk_in_account(national_id)
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            remember_walk_in(request, national_id)
            return redirect("counter:citizen")
    context = {
        "form": form,
        "drafts": list(counter_drafts(user)[:10]),
        "journey": journey(1),
    }
    return render(request, "counter/start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def citizen(request: HttpRequest) -> HttpResponse:
    """Confirm the citizen's account, or create it when there is none."""
    user = clerk_of(request)
    state = walk_in_of(request)
    if state is None:
        messages.info(request, START_AGAIN)
        return redirect("counter:start")
    try:
        account = walk_in_account(state.national_id)
    except ApiError as error:
        messages.error(request, error.detail)
        return redirect("counter:start")
    if account is not None:
        return _confirm(request, state.national_id, account)
    return _create(request, user, state.national_id)


def _confirm(request: HttpRequest, national_id: str, account: User) -> HttpResponse:
    if request.method == "POST":
        remember_walk_in(request, national_id, account)
        return redirect("counter:property")
    context = {
        "national_id": national_id,
        "name": mask_name(account.get_full_name()),
        "mobile": mask_mobile(account.mobile),
        "journey": journey(1),
    }
    return render(request, "counter/citizen_found.html", context)


def _create(request: HttpRequest, clerk: User, national_id: str) -> HttpResponse:
    form = NewCitizenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = register_walk_in(
                actor=clerk,
                national_id=national_id,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                mobile=form.cleaned_data["mobile"],
                client=client_of(request),
            )
        except ApiError as error:
            if error.code == "citizen_exists":  # made a moment ago: confirm it instead
                return redirect("counter:citizen")
            form.add_service_error(error)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            remember_walk_in(request, national_id, created)
            messages.success(request, CREATED)
            return redirect("counter:property")
    context: dict[str, object] = {"national_id": national_id, "form": form, "journey": journey(1)}
    return render(request, "counter/citizen_new.html", context)
