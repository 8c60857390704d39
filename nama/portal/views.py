"""The public pages of the portal, and the error pages that need a view of their own."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render, resolve_url
from django.template import loader
from django.views.decorators.http import require_safe

from nama.catalog.constants import Category
from nama.catalog.selectors import services_for_public
from nama.districts.selectors import active_districts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public home page: what the system offers and where it runs."""
    districts = list(active_districts())
    services = services_for_public()
    groups = [
        (value, label, [facts for facts in services if facts.spec.category == value])
        for value, label in Category.choices
        if value != Category.ACCOUNT  # the account services are the steps shown above
    ]
    return render(
        request,
        "portal/home.html",
        {
            "districts": districts,
            "pilots": [d for d in districts if d.is_pilot],
            "start_url": resolve_url(settings.LOGIN_URL),
            "service_groups": groups,
            "service_count": len(services),
        },
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the page renders without context processors, sessions or the database.

    Whatever broke the request may be broken here too, so only settings feed the template.
    """
    context = {
        "site_name": settings.NAMA_SITE_NAME,
        "municipality_name": settings.NAMA_MUNICIPALITY_NAME,
    }
    return HttpResponseServerError(loader.render_to_string("500.html", context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a Persian page that tells the user to reload and try again.

    The technical reason is shown only with DEBUG on; it means nothing to a citizen.
    """
    body = loader.render_to_string(
        "csrf_failure.html", {"reason": reason if settings.DEBUG else ""}, request=request
    )
    return HttpResponseForbidden(body)
