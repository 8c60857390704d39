"""Public pages of the catalogue: the list (with Persian search), a service, the brochure."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from nama.catalog.constants import FEE_RULES, Category
from nama.catalog.selectors import (
    ServiceFacts,
    ServiceNotFoundError,
    service_detail,
    services_for_public,
)
from nama.core.http import is_htmx

MAX_QUERY = 100


def _category(request: HttpRequest) -> str:
    category = request.GET.get("category", "")
    return category if category in Category.values else ""


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """All services, filtered by a search and a category; htmx asks for the results only."""
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    category = _category(request)
    context = {
        "services": services_for_public(query=query, category=category),
        "query": query,
        "category": category,
        "categories": Category.choices,
    }
    template = "catalog/partials/results.html" if is_htmx(request) else "catalog/catalogue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def service(request: HttpRequest, code: str) -> HttpResponse:
    try:
        facts = service_detail(code)
    except ServiceNotFoundError as error:
        raise Http404(error.detail) from error
    fee_labels = [FEE_RULES.get(rule, rule) for rule in facts.spec.fees]
    return render(request, "catalog/service.html", {"facts": facts, "fee_labels": fee_labels})


def _required_documents(facts: ServiceFacts) -> str:
    return "، ".join(document.label for document in facts.spec.documents if document.required)


@require_safe
def brochure(request: HttpRequest) -> HttpResponse:
    """Every service on printable pages (the seed mentions a brochure for citizens)."""
    services = services_for_public()
    groups = [
        (
            label,
            [
                (facts, _required_documents(facts))
                for facts in services
                if facts.spec.category == value
            ],
        )
        for value, label in Category.choices
    ]
    return render(request, "catalog/brochure.html", {"groups": groups, "count": len(services)})
