"""A paid bill's receipt: ``/bills/<pk>/receipt/`` and the same as a PDF.

Only a paid bill has one (404 otherwise, as for a bill that is not the user's). It shows what
the bank received, when, its reference and the route (gateway or the bank's settlement file).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.billing.constants import BillStatus
from nama.billing.models import Bill, Receipt
from nama.billing.pdf import pdf_response, render_pdf
from nama.billing.views.bills import page_bill, slip_barcode, subject_heading

NO_RECEIPT = "این قبض هنوز پرداخت نشده است و رسیدی ندارد."


def paid_bill(user: User, pk: int) -> tuple[Bill, Receipt]:
    bill = page_bill(user, pk)
    receipt = Receipt.objects.filter(bill=bill).select_related("payment").first()
    if bill.status != BillStatus.PAID or receipt is None:
        raise Http404(NO_RECEIPT)
    return bill, receipt


def receipt_context(bill: Bill, receipt: Receipt) -> dict[str, Any]:
    return {
        "bill": bill,
        "receipt": receipt,
        "subject": subject_heading(bill),
        "barcode": slip_barcode(bill),
        "lines": list(bill.lines.order_by("position")),
    }


@login_required
@require_safe
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    bill, found = paid_bill(signed_in_user(request), pk)
    return render(request, "billing/receipt.html", receipt_context(bill, found))


@login_required
@require_safe
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    bill, found = paid_bill(signed_in_user(request), pk)
    data = render_pdf("billing/pdf/receipt.html", receipt_context(bill, found))
    return pdf_response(data, f"receipt-{bill.bill_number}.pdf")
