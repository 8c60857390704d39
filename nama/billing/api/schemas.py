"""The bills and revenue API's bodies. Class names start with Bill, Duty, Vehicle or Revenue:
django-ninja files schemas under their class name across every app."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from nama.cases.schemas import LabelledOut


class BillSubjectOut(Schema):
    kind: str = Field(description="request, unit, vehicle, parcel or other", examples=["parcel"])
    label: str = Field(examples=["ملک ۷-۱-۱-۵-۰-۰-۰"])


class BillLineOut(Schema):
    position: int
    label: str
    amount: int = Field(description="Rials; negative for a discount or the rounding remainder.")
    explanation: str


class BillAccountOut(Schema):
    code: str
    name: str
    sheba: str


class BillSummaryOut(Schema):
    id: int = Field(description="The bill's file code (its number in URLs).")
    title: str
    purpose: LabelledOut
    status: LabelledOut
    amount: int = Field(description="Rials.")
    bill_id: str | None = Field(description="شناسه قبض (none while provisional).")
    payment_id: str
    due_on: date
    issued_at: datetime | None
    paid_at: datetime | None
    subject: BillSubjectOut


class BillPaymentOut(Schema):
    order_id: str
    provider: str
    amount: int
    status: LabelledOut
    failure: str
    created_at: datetime


class BillOut(BillSummaryOut):
    payer: str
    account: BillAccountOut
    barcode: str = Field(description="26 digits: bill ID and payment ID, each padded to 13.")
    lines: list[BillLineOut]
    payable: bool = Field(description="May you pay it now (POST /api/v1/payments {bill})?")
    payments: list[BillPaymentOut]
    replaces: int | None
    void_reason: str


class BillListOut(Schema):
    count: int
    items: list[BillSummaryOut]


class BillListQuery(Schema):
    status: str = Field("", description="issued, paid, void or refunded.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class BillReceiptOut(Schema):
    bill: int
    bill_id: str
    payment_id: str
    amount: int
    paid_at: datetime
    source: LabelledOut
    reference: str
    recorded_at: datetime
    pdf_url: str


class DutySubjectOut(Schema):
    purpose: LabelledOut
    kind: str = Field(examples=["parcel"], description="parcel, unit or vehicle")
    id: int = Field(description="The parcel's, unit's or vehicle's id for the statement.")
    label: str
    detail: str
    unpaid_years: list[int]
    open_bills: list[BillSummaryOut]
    open_amount: int = Field(description="Rials owed on bills already issued and unpaid.")


class DutiesOut(Schema):
    items: list[DutySubjectOut]
    terms: dict[str, list[str]] = Field(
        description="Per purpose, this year's good-payer discount and arrears surcharge."
    )


class DutyStatementIn(Schema):
    parcel: int | None = None
    unit: int | None = None
    vehicle: int | None = None


class DutyStatementOut(Schema):
    bills: list[BillSummaryOut] = Field(description="Empty when nothing is owed.")


class VehicleIn(Schema):
    plate: str = Field(examples=["12ب345-13", "۱۲ ب ۳۴۵ ایران ۱۳"], max_length=40)
    vehicle_class: str = Field(examples=["passenger"])
    model_year: int | str = Field(examples=[1398])
    title: str = Field("", max_length=100)


class VehicleOut(Schema):
    id: int
    plate: str
    vehicle_class: LabelledOut
    model_year: int
    title: str


class RevenueBillFilters(Schema):
    status: str = ""
    purpose: str = ""
    district: int | None = Field(None, description="A district number among yours.")
    overdue: bool = False
    q: str = Field(
        "", max_length=40, description="Bill ID, payment ID, national ID or tracking code."
    )
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class RevenueBillOut(BillSummaryOut):
    district: int | None
    payer: str
    payer_national_id: str | None


class RevenueBillListOut(Schema):
    count: int
    items: list[RevenueBillOut]


class RevenueReissueIn(Schema):
    reason: str = Field(max_length=1000)
    amount: int | None = Field(None, description="Another amount (rials, multiple of 1,000).")


class RevenueRefundIn(Schema):
    reason: str = Field(max_length=1000)
    reference: str = Field(max_length=64, description="The bank transfer's reference.")


class RevenueRefundOut(Schema):
    id: int
    bill: int
    amount: int
    status: LabelledOut
    reference: str


class RevenueImportRowOut(Schema):
    line: int
    bill_id: str
    payment_id: str
    amount: int | None
    trace: str
    outcome: LabelledOut
    message: str
    bill: int | None


class RevenueImportOut(Schema):
    id: int
    file_name: str
    bank: str
    rows_total: int
    summary: list[str]
    outcomes: dict[str, int]
    received: int = Field(description="Rials newly received through this file.")
    rows: list[RevenueImportRowOut]


class RevenueAccountBalanceOut(Schema):
    account: str
    name: str
    receivable: int
    cancelled: int
    received: int
    refunded: int
    outstanding: int


class RevenueLedgerOut(Schema):
    balanced: bool
    problems: list[str]
    accounts: list[RevenueAccountBalanceOut]
