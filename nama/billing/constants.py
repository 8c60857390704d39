"""The words of billing: what a charge is for, and the lifecycles of assessments, bills,
duties, refunds and ledger entries."""

from __future__ import annotations

from django.db import models

# The standard bill ID carries a service type; 6 is municipal duties (domain reference §7).
BILL_AMOUNT_UNIT = 1000  # a payment ID encodes the amount in thousands of rials


class Purpose(models.TextChoices):
    """What an assessment (and the bills issued from it) charges for."""

    PERMIT_FEES = "permit_fees", "عوارض و هزینه‌های درخواست"
    RENEWAL_DUTY = "renewal_duty", "عوارض نوسازی"
    BUSINESS_DUTY = "business_duty", "عوارض کسب و پیشه"
    VEHICLE_DUTY = "vehicle_duty", "عوارض سالیانه خودرو"


DUTY_PURPOSES = frozenset({Purpose.RENEWAL_DUTY, Purpose.BUSINESS_DUTY, Purpose.VEHICLE_DUTY})


class TariffStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    APPROVED = "approved", "مصوب شورا"


class AssessmentStatus(models.TextChoices):
    PROPOSED = "proposed", "محاسبه‌شده، در انتظار پذیرش"
    ACCEPTED = "accepted", "پذیرفته‌شده"
    DISPUTED = "disputed", "مورد اعتراض"
    SUPERSEDED = "superseded", "جایگزین‌شده با محاسبه تازه"


class BillStatus(models.TextChoices):
    PROVISIONAL = "provisional", "موقت"
    ISSUED = "issued", "صادرشده، در انتظار پرداخت"
    PAID = "paid", "پرداخت‌شده"
    VOID = "void", "باطل‌شده"
    REFUNDED = "refunded", "مسترد شده"


OPEN_BILL_STATUSES = frozenset({BillStatus.PROVISIONAL, BillStatus.ISSUED})


class ReceiptSource(models.TextChoices):
    GATEWAY = "gateway", "درگاه پرداخت اینترنتی"
    BANK_FILE = "bank_file", "فایل تسویه بانک"


class RefundKind(models.TextChoices):
    DUPLICATE = "duplicate", "پرداخت تکراری"
    BILL = "bill", "استرداد وجه قبض"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "در جریان"
    DONE = "done", "انجام شد"
    FAILED = "failed", "ناموفق؛ نیازمند پیگیری"


class LedgerKind(models.TextChoices):
    """Append-only journal kinds. Per beneficiary account:
    receivable − cancelled − received = what issued bills still owe;
    received and refunded match receipts and refunds one to one."""

    RECEIVABLE = "receivable", "بدهی ایجادشده (صدور قبض)"
    CANCELLED = "cancelled", "ابطال بدهی (ابطال قبض)"
    RECEIVED = "received", "وصول"
    REFUNDED = "refunded", "استرداد"


class VehicleClass(models.TextChoices):
    PASSENGER = "passenger", "سواری"
    VAN = "van", "وانت"
    MOTORCYCLE = "motorcycle", "موتورسیکلت"
    MINIBUS = "minibus", "مینی‌بوس و ون"
    BUS = "bus", "اتوبوس"
    TRUCK = "truck", "کامیون"


class BankImportOutcome(models.TextChoices):
    MATCHED = "matched", "قبض پرداخت‌شده ثبت شد"
    CONFIRMED = "confirmed", "پرداخت درگاه تأیید بانک گرفت"
    ALREADY_RECORDED = "already_recorded", "پیش‌تر ثبت شده بود"
    ALREADY_PAID = "already_paid", "قبض پیش‌تر از راه دیگری پرداخت شده"
    UNKNOWN = "unknown", "شناسه ناشناخته"
    WRONG_AMOUNT = "wrong_amount", "مبلغ نادرست"
    INVALID = "invalid", "ردیف نامعتبر"
    NOT_PAYABLE = "not_payable", "قبض باطل یا موقت"
