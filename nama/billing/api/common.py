"""How a bill is written out in the API (the citizen's and the revenue desk's answers)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.api.schemas import (
    BillAccountOut,
    BillLineOut,
    BillOut,
    BillPaymentOut,
    BillReceiptOut,
    BillSubjectOut,
    BillSummaryOut,
    RevenueBillOut,
)
from nama.billing.models import Bill, Receipt
from nama.billing.selectors import payments_of
from nama.billing.views.bills import slip_barcode, subject_heading
from nama.cases.schemas import LabelledOut


def labelled(value: str, label: str) -> LabelledOut:
    return LabelledOut(value=value, label=label)


def _subject_kind(bill: Bill) -> str:
    for kind, present in (
        ("request", bill.case_id),
        ("unit", bill.unit_id),
        ("vehicle", bill.vehicle_id),
        ("parcel", bill.parcel_id),
    ):
        if present is not None:
            return kind
    return "other"


def summary_fields(bill: Bill) -> dict[str, Any]:
    return {
        "id": bill.pk,
        "title": bill.title,
        "purpose": labelled(bill.purpose, bill.get_purpose_display()),
        "status": labelled(bill.status, bill.get_status_display()),
        "amount": bill.amount,
        "bill_id": bill.bill_number,
        "payment_id": bill.payment_number,
        "due_on": bill.due_on,
        "issued_at": bill.issued_at,
        "paid_at": bill.paid_at,
        "subject": BillSubjectOut(kind=_subject_kind(bill), label=subject_heading(bill)),
    }


def bill_summary(bill: Bill) -> BillSummaryOut:
    return BillSummaryOut(**summary_fields(bill))


def bill_out(bill: Bill, user: User) -> BillOut:
    account = bill.account
    return BillOut(
        **summary_fields(bill),
        payer=bill.payer.display_name,
        account=BillAccountOut(code=account.code, name=account.name, sheba=account.sheba),
        barcode=slip_barcode(bill),
        lines=[
            BillLineOut(
                position=line.position,
                label=line.label,
                amount=line.amount,
                explanation=line.explanation,
            )
            for line in bill.lines.order_by("position")
        ],
        payable=can(user, "billing.pay", bill),
        payments=[
            BillPaymentOut(
                order_id=payment.order_id,
                provider=payment.provider,
                amount=payment.amount,
                status=labelled(payment.status, payment.get_status_display()),
                failure=payment.failure,
                created_at=payment.created_at,
            )
            for payment in payments_of(bill)
        ],
        replaces=bill.replaces_id,
        void_reason=bill.void_reason,
    )


def receipt_out(bill: Bill, receipt: Receipt) -> BillReceiptOut:
    return BillReceiptOut(
        bill=bill.pk,
        bill_id=bill.bill_number or "",
        payment_id=bill.payment_number,
        amount=receipt.amount,
        paid_at=receipt.paid_at,
        source=labelled(receipt.source, receipt.get_source_display()),
        reference=receipt.reference,
        recorded_at=receipt.recorded_at,
        pdf_url=reverse("billing:receipt_pdf", args=[bill.pk]),
    )


def revenue_bill_out(bill: Bill) -> RevenueBillOut:
    return RevenueBillOut(
        **summary_fields(bill),
        district=bill.district.number if bill.district is not None else None,
        payer=bill.payer.display_name,
        payer_national_id=bill.payer.national_id,
    )
