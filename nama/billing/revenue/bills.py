"""The revenue desk's bills: the list with filters and search, a bill's page (lines, receipt,
payments with every raw message, refunds), and the officer's actions on it: void and reissue
(with a reason and optionally another amount) and refund a paid bill by bank transfer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.forms import BillFilterForm, RefundForm, ReissueForm
from nama.billing.models import Bill
from nama.billing.revenue.common import (
    is_htmx,
    page_of,
    query_without_page,
    render_revenue,
    revenue_page,
)
from nama.billing.selectors import (
    filter_bills,
    payments_of,
    revenue_bill,
    revenue_bills,
    revenue_districts,
)
from nama.billing.services.bills import reissue_bill
from nama.billing.services.refunds import refund_bill
from nama.billing.views.bills import slip_barcode, subject_heading
from nama.core.jalali import tehran_today
from nama.core.problems import ApiError, NotFoundError
from nama.core.text import to_persian_digits
from nama.payments.models import PaymentEvent

REISSUED = "قبض باطل شد و قبض جایگزین صادر شد."
REFUNDED = "وجه قبض مسترد شد."
NOT_ADJUSTABLE = "ابطال، صدور دوباره و استرداد قبض با کارشناس درآمد منطقهٔ آن است."


@revenue_page()
@require_safe
def bill_list(request: HttpRequest, user: User) -> HttpResponse:
    """Bills of the user's districts, filtered (status, purpose, district, overdue, search)."""
    districts = [(str(d.pk), to_persian_digits(d.name)) for d in revenue_districts(user)]
    form = BillFilterForm(request.GET, districts=districts)
    bills = filter_bills(revenue_bills(user), form.filters(), tehran_today())
    context = {
        "form": form,
        "page": page_of(request, bills),
        "query": query_without_page(request),
        "filtered": form.active,
        "today": tehran_today(),
    }
    template = "revenue/partials/bill_results.html" if is_htmx(request) else "revenue/bills.html"
    response = render_revenue(request, user, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _bill(user: User, pk: int) -> Bill:
    try:
        return revenue_bill(user, pk)
    except NotFoundError as error:
        raise Http404(error.detail) from error


def bill_context(user: User, bill: Bill, **forms: Any) -> dict[str, Any]:
    events = PaymentEvent.objects.order_by("at", "pk")
    return {
        "bill": bill,
        "subject": subject_heading(bill),
        "barcode": slip_barcode(bill),
        "lines": list(bill.lines.order_by("position")),
        "receipt": getattr(bill, "receipt", None),
        "payments": list(payments_of(bill).prefetch_related(Prefetch("events", queryset=events))),
        "refunds": list(bill.refunds.select_related("requested_by").order_by("-requested_at")),
        "replaced_by": list(bill.replaced_by.all()),
        "may_adjust": can(user, "billing.adjust", bill),
        "reissue_form": forms.get("reissue_form") or ReissueForm(prefix="reissue"),
        "refund_form": forms.get("refund_form") or RefundForm(prefix="refund"),
    }


@revenue_page()
@require_safe
def bill_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    bill = _bill(user, pk)
    return render_revenue(request, user, "revenue/bill.html", bill_context(user, bill))


@revenue_page()
@require_POST
def reissue(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    bill = _adjustable(user, pk)
    form = ReissueForm(request.POST, prefix="reissue")
    if form.is_valid():
        try:
            new = reissue_bill(
                bill=bill,
                actor=user,
                reason=form.cleaned_data["reason"],
                amount=form.cleaned_data["amount"],
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, REISSUED)
            return redirect(reverse("revenue:bill", args=[new.pk]))
    return render_revenue(
        request, user, "revenue/bill.html", bill_context(user, bill, reissue_form=form)
    )


@revenue_page()
@require_POST
def refund(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    bill = _adjustable(user, pk)
    form = RefundForm(request.POST, prefix="refund")
    if form.is_valid():
        try:
            refund_bill(
                bill=bill,
                actor=user,
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, REFUNDED)
            return redirect(reverse("revenue:bill", args=[bill.pk]))
    return render_revenue(
        request, user, "revenue/bill.html", bill_context(user, bill, refund_form=form)
    )


def _adjustable(user: User, pk: int) -> Bill:
    """Bill ``pk`` for a revenue officer of its district: 404 if the desk does not cover it,
    403 if it does but the user may only look (a district manager, another role)."""
    bill = _bill(user, pk)
    if not can(user, "billing.adjust", bill):
        raise PermissionDenied(NOT_ADJUSTABLE)
    return bill
