"""The citizen's bills: ``GET /api/v1/bills``, ``GET /api/v1/bills/{pk}`` and its receipt.

Anyone not on a bill's payer side gets the same 404 as for a bill that does not exist. Paying
is ``POST /api/v1/payments {bill}`` (the payments API).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user
from nama.billing.api.common import bill_out, bill_summary, receipt_out
from nama.billing.api.routers import router
from nama.billing.api.schemas import BillListOut, BillListQuery, BillOut, BillReceiptOut
from nama.billing.constants import BillStatus
from nama.billing.models import Receipt
from nama.billing.selectors import payer_bill, payer_bills
from nama.core.problems import NotFoundError

NO_RECEIPT = "این قبض هنوز پرداخت نشده است و رسیدی ندارد."
LISTED = (BillStatus.ISSUED, BillStatus.PAID, BillStatus.VOID, BillStatus.REFUNDED)


@router.get(
    "",
    response={200: BillListOut, **problems(401, 422)},
    summary="My bills",
    description=(
        "Bills you pay: your own, your requests', your properties' and vehicles'. Open "
        "(issued) bills first, soonest due; then the newest. Filter with `status`."
    ),
)
def list_bills(request: HttpRequest, query: Query[BillListQuery]) -> BillListOut:
    user = current_user(request)
    bills = payer_bills(user)
    if query.status:
        if query.status not in LISTED:
            raise ValidationError({"status": ["وضعیت نامعتبر است."]})
        bills = bills.filter(status=query.status)
    page = list(bills[query.offset : query.offset + query.limit])
    return BillListOut(count=bills.count(), items=[bill_summary(bill) for bill in page])


@router.get(
    "/{int:pk}",
    response={200: BillOut, **problems(401, 404)},
    summary="One bill",
    description="The slip: lines, bill ID, payment ID, barcode, payments, whether payable.",
)
def get_bill(request: HttpRequest, pk: int) -> BillOut:
    user = current_user(request)
    return bill_out(payer_bill(user, pk), user)


@router.get(
    "/{int:pk}/receipt",
    response={200: BillReceiptOut, **problems(401, 404)},
    summary="A paid bill's receipt",
    description="404 `not_found` until the bill is paid. `pdf_url` is the printable receipt.",
)
def get_receipt(request: HttpRequest, pk: int) -> BillReceiptOut:
    bill = payer_bill(current_user(request), pk)
    receipt = Receipt.objects.filter(bill=bill).first()
    if bill.status != BillStatus.PAID or receipt is None:
        raise NotFoundError(NO_RECEIPT, code="no_receipt")
    return receipt_out(bill, receipt)
