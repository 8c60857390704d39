"""The revenue desk's payments (unverified and duplicate ones first) and refunds (failed ones
first), for the bills of the user's districts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from nama.accounts.models import User
from nama.billing.forms import PAYMENT_STATUS_CHOICES
from nama.billing.revenue.common import page_of, query_without_page, render_revenue, revenue_page
from nama.billing.selectors import revenue_payments, revenue_refunds
from nama.payments.constants import PaymentStatus


@revenue_page()
@require_safe
def payment_list(request: HttpRequest, user: User) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in PaymentStatus.values else ""
    context = {
        "page": page_of(request, revenue_payments(user, status)),
        "status": status,
        "statuses": PAYMENT_STATUS_CHOICES,
        "query": query_without_page(request),
    }
    return render_revenue(request, user, "revenue/payments.html", context)


@revenue_page()
@require_safe
def refund_list(request: HttpRequest, user: User) -> HttpResponse:
    context = {"page": page_of(request, revenue_refunds(user)), "query": ""}
    return render_revenue(request, user, "revenue/refunds.html", context)
