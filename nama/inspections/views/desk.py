"""The desk officer's figures of a request, read from its documents (deed, drawings)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nama.accounts.views.common import signed_in_user
from nama.core.problems import NotFoundError
from nama.inspections.comparison import display
from nama.inspections.forms import DeskForm
from nama.inspections.presenting import case_url
from nama.inspections.selectors import desk_case, live_desk_figures
from nama.inspections.services import record_desk_figures

SAVED = "ارقام پیشخوان ثبت شد."
UNCHANGED = "رقمی تغییر نکرد."


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """Desk clerks and planning officers of the district record what the documents say."""
    user = signed_in_user(request)
    try:
        case = desk_case(user, tracking_code)
    except NotFoundError as error:
        raise Http404(error.detail) from error
    figures = list(live_desk_figures(case))
    current = {figure.key: figure.value for figure in figures}
    form = DeskForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = record_desk_figures(actor=user, case=case, values=form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, SAVED if changed else UNCHANGED)
            return redirect("inspections:desk", tracking_code=case.tracking_code)
    context = {
        "case": case,
        "form": form,
        "figures": [
            {"figure": f, "label": form.fields[f.key].label, "value": display(f.key, f.value)}
            for f in figures
            if f.key in form.fields
        ],
        "case_url": case_url(case.tracking_code),
    }
    return render(request, "inspections/desk.html", context, status=422 if form.errors else 200)
