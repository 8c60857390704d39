"""Discrepancies between reports and the field, for district and city managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.views.common import signed_in_user
from nama.inspections.access import overseen_districts
from nama.inspections.forms import OversightForm
from nama.inspections.presenting import overview_data
from nama.inspections.selectors.oversight import (
    DEFAULT_PERIOD,
    PERIODS,
    OversightFilters,
    overview,
)


@login_required
@require_safe
def discrepancies(request: HttpRequest) -> HttpResponse:
    """Counts per district and per staff member, filterable by district and period."""
    user = signed_in_user(request)
    districts = overseen_districts(user).order_by("number")
    if not districts.exists():
        raise PermissionDenied
    form = OversightForm(request.GET or None, districts=districts)
    filters = OversightFilters()
    if form.is_valid():
        period = form.cleaned_data["period"] or DEFAULT_PERIOD
        filters = OversightFilters(form.cleaned_data["district"], period)
    data = overview_data(overview(user, filters))
    context = {
        "form": form,
        "data": data,
        "period_label": PERIODS[filters.period][0],
        "district": filters.district,
    }
    return render(request, "inspections/discrepancies.html", context)
