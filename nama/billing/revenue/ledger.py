"""The ledger page: each beneficiary account's receivable, cancelled, received and refunded
totals, and the result of the same check as ``nama ledger check``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from nama.accounts.models import User
from nama.billing.revenue.common import render_revenue, revenue_page
from nama.billing.services.ledger import account_balances, check_ledger


@revenue_page()
@require_safe
def ledger(request: HttpRequest, user: User) -> HttpResponse:
    balances = account_balances()
    context = {
        "balances": balances,
        "problems": check_ledger(),
        "totals": {
            name: sum(getattr(row, name) for row in balances)
            for name in ("receivable", "cancelled", "received", "refunded", "outstanding")
        },
    }
    return render_revenue(request, user, "revenue/ledger.html", context)
