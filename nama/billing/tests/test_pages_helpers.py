"""Builders shared by the bills, revenue, API and access tests of the pages (no tests here)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import sign_in_verified, staff_member, verified
from nama.billing.constants import BillStatus, ReceiptSource
from nama.billing.models import Bill
from nama.billing.services.bills import issue_bills
from nama.billing.services.receipts import record_receipt
from nama.billing.tests.builders import an_assessment
from nama.cases.tests.builders import owned_parcel
from nama.parcels.models import Parcel

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa(value: object) -> str:
    return str(value).translate(PERSIAN)


def issued(payer: User, **kwargs: Any) -> Bill:
    """One issued bill of ``payer`` (12,500,000 rials to the municipality unless ``lines``)."""
    bills = issue_bills(assessment=an_assessment(payer, **kwargs), actor=payer)
    return bills[0]


def paid(bill: Bill, reference: str = "TRACE-77") -> Bill:
    """``bill`` paid through the bank's settlement file."""
    record_receipt(
        bill_pk=bill.pk,
        amount=bill.amount,
        source=ReceiptSource.BANK_FILE,
        paid_at=timezone.now(),
        reference=reference,
    )
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    return bill


def property_bill(owner: User, code: str = "7-1-1-5-0-0-0") -> tuple[Parcel, Bill]:
    """An issued bill of a property of ``owner`` in district 7."""
    parcel = owned_parcel(owner, code=code)
    return parcel, issued(owner, parcel=parcel)


def officer(district: int = 7, role: StaffRole = StaffRole.REVENUE_OFFICER) -> User:
    """A staff member holding ``role`` in ``district`` whose second factor passed (in memory)."""
    return verified(staff_member(role, district))


def signed_in_staff(
    client: Client, role: StaffRole = StaffRole.REVENUE_OFFICER, district: int | None = 7
) -> User:
    return sign_in_verified(client, staff_member(role, district))


def state(bill: Bill) -> tuple[object, ...]:
    """What an action on a bill could change."""
    bill.refresh_from_db()
    return (bill.status, bill.amount, bill.voided_at, bill.refunds.count(), Bill.objects.count())
