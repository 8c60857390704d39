"""What the revenue pages share: who may open them, paging, and the tab navigation.

Only a staff member whose session passed the second factor and who holds a revenue role
(``billing.revenue_desk``) may open them; everyone else signed in gets the same 404 as for a
page that does not exist. The bank-file pages ask ``billing.reconcile`` in the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user

NOT_FOUND = "این صفحه پیدا نشد."
PAGE_SIZE = 25
RevenueView = Callable[..., HttpResponse]


def revenue_page(action: str = "billing.revenue_desk") -> Callable[[RevenueView], RevenueView]:
    """Sign-in required; then 404 unless ``can(user, action)``. The view gets the user."""

    def decorate(view: RevenueView) -> RevenueView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            user = signed_in_user(request)
            if not can(user, action):
                raise Http404(NOT_FOUND)
            return view(request, user, *args, **kwargs)

        return wrapper

    return decorate


def page_of(request: HttpRequest, rows: QuerySet[Any]) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_revenue(
    request: HttpRequest, user: User, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a revenue page; its tabs show the bank-file page only to who may reconcile."""
    context = {**context, "may_reconcile": can(user, "billing.reconcile")}
    return render(request, template, context, status=status)
