from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nama.districts.selectors import active_districts


def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what the system offers and where it runs."""
    districts = list(active_districts())
    return render(
        request,
        "portal/home.html",
        {"districts": districts, "pilots": [d for d in districts if d.is_pilot]},
    )
