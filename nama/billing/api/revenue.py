"""The revenue desk's API (``/api/v1/staff/revenue``): bills of the caller's districts, void
and reissue, refund, importing a bank's settlement file, the ledger.

Anyone without a revenue role (or before the second factor) gets 404 on every operation, as
for a path that does not exist; a bill the desk does not cover is a 404 too. Changing a bill
is a revenue officer's of its district: others get 403 ``not_allowed``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Query, Status
from ninja.files import UploadedFile

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user
from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.api.common import labelled, revenue_bill_out
from nama.billing.api.routers import revenue_router
from nama.billing.api.schemas import (
    RevenueAccountBalanceOut,
    RevenueBillFilters,
    RevenueBillListOut,
    RevenueBillOut,
    RevenueImportOut,
    RevenueImportRowOut,
    RevenueLedgerOut,
    RevenueRefundIn,
    RevenueRefundOut,
    RevenueReissueIn,
)
from nama.billing.constants import BankImportOutcome
from nama.billing.models import BankImport
from nama.billing.selectors import (
    BillFilters,
    filter_bills,
    revenue_bill,
    revenue_bills,
    revenue_districts,
    search_key,
)
from nama.billing.services.bills import reissue_bill
from nama.billing.services.ledger import account_balances, check_ledger
from nama.billing.services.reconciliation import import_bank_file, summary_lines
from nama.billing.services.refunds import refund_bill
from nama.core.jalali import tehran_today
from nama.core.problems import ApiError, NotFoundError

NOT_FOUND = "پیدا نشد."
MAX_FILE = 5 * 1024 * 1024


def _desk(request: HttpRequest, action: str = "billing.revenue_desk") -> User:
    user = current_user(request)
    if not can(user, action):
        raise NotFoundError(NOT_FOUND)
    return user


@revenue_router.get(
    "/bills",
    response={200: RevenueBillListOut, **problems(401, 404, 422)},
    summary="Bills of my districts",
    description=(
        "Newest first; filters `status`, `purpose`, `district` (number), `overdue`; `q` finds "
        "a bill ID, payment ID, payer's national ID or request tracking code in any digits."
    ),
)
def list_bills(request: HttpRequest, query: Query[RevenueBillFilters]) -> RevenueBillListOut:
    user = _desk(request)
    district = None
    if query.district is not None:
        found = revenue_districts(user).filter(number=query.district).first()
        district = found.pk if found is not None else -1
    filters = BillFilters(
        status=query.status,
        purpose=query.purpose,
        district=district,
        overdue=query.overdue,
        search=search_key(query.q),
    )
    bills = filter_bills(revenue_bills(user), filters, tehran_today())
    page = list(bills[query.offset : query.offset + query.limit])
    return RevenueBillListOut(count=bills.count(), items=[revenue_bill_out(bill) for bill in page])


@revenue_router.post(
    "/bills/{int:pk}/reissue",
    response={200: RevenueBillOut, **problems(401, 403, 404, 409, 422)},
    summary="Void a bill and issue its replacement",
    description=(
        "With a `reason` and optionally another `amount` (rials, a multiple of 1,000). Only an "
        "issued, unpaid bill (409 `bill_not_issued`). Answers with the new bill."
    ),
)
def reissue(request: HttpRequest, pk: int, payload: RevenueReissueIn) -> RevenueBillOut:
    user = _desk(request)
    bill = revenue_bill(user, pk)
    new = reissue_bill(bill=bill, actor=user, reason=payload.reason, amount=payload.amount)
    return revenue_bill_out(revenue_bill(user, new.pk))


@revenue_router.post(
    "/bills/{int:pk}/refund",
    response={200: RevenueRefundOut, **problems(401, 403, 404, 409, 422)},
    summary="Refund a paid bill",
    description="By bank transfer: `reason` and the transfer's `reference`. Only a paid bill.",
)
def refund(request: HttpRequest, pk: int, payload: RevenueRefundIn) -> RevenueRefundOut:
    user = _desk(request)
    bill = revenue_bill(user, pk)
    done = refund_bill(bill=bill, actor=user, reason=payload.reason, reference=payload.reference)
    return RevenueRefundOut(
        id=done.pk,
        bill=bill.pk,
        amount=done.amount,
        status=labelled(done.status, done.get_status_display()),
        reference=done.reference,
    )


def _import_out(imported: BankImport) -> RevenueImportOut:
    return RevenueImportOut(
        id=imported.pk,
        file_name=imported.file_name,
        bank=imported.bank,
        rows_total=imported.rows_total,
        summary=summary_lines(imported),
        outcomes=dict(imported.summary.get("outcomes", {})),
        received=int(imported.summary.get("received", 0)),
        rows=[
            RevenueImportRowOut(
                line=row.line_number,
                bill_id=row.bill_number,
                payment_id=row.payment_number,
                amount=row.amount,
                trace=row.trace,
                outcome=labelled(row.outcome, BankImportOutcome(row.outcome).label),
                message=row.message,
                bill=row.bill_id,
            )
            for row in imported.rows.order_by("line_number")
        ],
    )


@revenue_router.post(
    "/reconciliation",
    response={201: RevenueImportOut, **problems(401, 404, 422)},
    summary="Import a bank's settlement file",
    description=(
        "Multipart: `bank` and `file` (CSV, UTF-8, header bill_id,payment_id,amount,paid_at,"
        "trace; at most 5 MB). A file already imported is refused and nothing changes. The "
        "answer reports every row's outcome."
    ),
)
def reconcile(
    request: HttpRequest, bank: Form[str], file: File[UploadedFile]
) -> Status[RevenueImportOut]:
    user = _desk(request, "billing.reconcile")
    if file.size is not None and file.size > MAX_FILE:
        raise ApiError("فایل تسویه بزرگ‌تر از ۵ مگابایت است.", code="file_too_large", status=422)
    imported = import_bank_file(
        data=file.read(), file_name=file.name or "bank.csv", bank=bank, actor=user
    )
    return Status(201, _import_out(imported))


@revenue_router.get(
    "/ledger",
    response={200: RevenueLedgerOut, **problems(401, 404)},
    summary="The ledger's balances and check",
    description="Per beneficiary account; `problems` lists what does not balance (empty: it does).",
)
def ledger(request: HttpRequest) -> RevenueLedgerOut:
    _desk(request)
    found = check_ledger()
    return RevenueLedgerOut(
        balanced=not found,
        problems=found,
        accounts=[
            RevenueAccountBalanceOut(
                account=row.account.code,
                name=row.account.name,
                receivable=row.receivable,
                cancelled=row.cancelled,
                received=row.received,
                refunded=row.refunded,
                outstanding=row.outstanding,
            )
            for row in account_balances()
        ],
    )
