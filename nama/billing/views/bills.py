"""The citizen's bills: the list (``/bills/``) and a bill's slip (``/bills/<pk>/``).

The list shows open bills first (soonest due), then paid ones with their receipts, then void
and refunded ones; in each, bills are grouped by what they are for: a property (renewal code),
a shop unit, a vehicle (plate) or a request (tracking code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.billing.constants import BillStatus
from nama.billing.models import Bill
from nama.billing.selectors import payer_bill, payer_bills, payments_of, sibling_bills
from nama.billing.services.vehicles import plate_display
from nama.core.identifiers import barcode
from nama.core.jalali import tehran_today
from nama.core.problems import NotFoundError
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.payments.providers import enabled_codes
from nama.payments.services import provider_title

MAX_LISTED = 300  # a household's bills over many years fit; more would need paging


@dataclass
class Group:
    """Bills about one subject, under a heading such as «ملک ۷-۱-۱-۵-۰-۰-۰»."""

    heading: str
    bills: list[Bill] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(group.bills) for group in self.groups)


def subject_heading(bill: Bill) -> str:
    """What the bill is for, in a few Persian words with Persian digits."""
    if bill.case is not None:
        code = format_tracking_code(bill.case.tracking_code)
        return to_persian_digits(f"درخواست {code}")
    if bill.unit is not None:
        return to_persian_digits(f"واحد {bill.unit.renewal_code}")
    if bill.vehicle is not None:
        return f"خودرو {plate_display(bill.vehicle.plate)}"
    if bill.parcel is not None:
        return to_persian_digits(f"ملک {bill.parcel.renewal_code}")
    return "سایر"


def grouped(bills: Iterable[Bill]) -> list[Group]:
    """Bills grouped by subject, in the order the subjects first appear."""
    groups: dict[str, Group] = {}
    for bill in bills:
        heading = subject_heading(bill)
        groups.setdefault(heading, Group(heading)).bills.append(bill)
    return list(groups.values())


SECTIONS = (
    ("open", "در انتظار پرداخت", {BillStatus.ISSUED}),
    ("paid", "پرداخت‌شده", {BillStatus.PAID}),
    ("closed", "باطل‌شده و مستردشده", {BillStatus.VOID, BillStatus.REFUNDED}),
)


def sections_of(bills: list[Bill]) -> list[Section]:
    return [
        Section(key, title, grouped(bill for bill in bills if bill.status in statuses))
        for key, title, statuses in SECTIONS
    ]


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """«قبض‌ها و عوارض من»: open, paid and void bills, grouped by subject."""
    user = signed_in_user(request)
    bills = list(payer_bills(user).select_related("receipt")[:MAX_LISTED])
    return render(
        request,
        "billing/bills.html",
        {"sections": sections_of(bills), "any_bills": bool(bills)},
    )


def page_bill(user: User, pk: int) -> Bill:
    """Bill ``pk`` of the user's payer side; 404 for anyone else (as for no such bill)."""
    try:
        return payer_bill(user, pk)
    except NotFoundError as error:
        raise Http404(error.detail) from error


def provider_choices() -> list[tuple[str, str]]:
    """(code, Persian title) of the enabled payment gateways, the default first."""
    return [(code, provider_title(code)) for code in enabled_codes()]


def slip_barcode(bill: Bill) -> str:
    """The 26-digit barcode text of an issued bill ("" when it has no valid IDs)."""
    if not bill.bill_number or not bill.payment_number:
        return ""
    try:
        return barcode(bill.bill_number, bill.payment_number)
    except ValidationError:
        return ""


def bill_context(user: User, bill: Bill) -> dict[str, Any]:
    """What the slip shows: lines, IDs, barcode, payments, and whether it may be paid here."""
    return {
        "bill": bill,
        "lines": list(bill.lines.order_by("position")),
        "barcode": slip_barcode(bill),
        "payments": list(payments_of(bill)),
        "may_pay": can(user, "billing.pay", bill),
        "providers": provider_choices(),
        "siblings": list(sibling_bills(bill)),
        "overdue": bill.status == BillStatus.ISSUED and bill.due_on < tehran_today(),
    }


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A bill's slip, its payments, and the «پرداخت» button while it is payable."""
    user = signed_in_user(request)
    bill = page_bill(user, pk)
    return render(request, "billing/bill.html", bill_context(user, bill))
