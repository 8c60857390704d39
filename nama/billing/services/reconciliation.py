"""Bank reconciliation: importing a bank's settlement file of paid bill and payment IDs.

The file is CSV in UTF-8 with the header ``bill_id,payment_id,amount,paid_at,trace``; digits
may be Persian, Arabic-Indic or ASCII; ``paid_at`` is ISO 8601 (no zone: Tehran time) or Jalali
``1405/09/08 10:30``. A file is imported once (by its SHA-256); a row is counted once (by its
trace and bill ID, across files). Each row gets one ``BankImportOutcome``: issued bills become
paid through ``record_receipt``, gateway payments get the bank's confirmation, and everything
else is reported for a person to look at (unknown IDs, wrong amounts, bills paid twice).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.constants import BankImportOutcome, BillStatus, ReceiptSource
from nama.billing.models import BankImport, BankImportRow, Bill, Receipt
from nama.billing.services.receipts import record_receipt
from nama.core.identifiers import parse_bill
from nama.core.jalali import TEHRAN, format_jalali_datetime, parse_jalali_date
from nama.core.locks import lock_for_transaction
from nama.core.money import format_rials
from nama.core.problems import ForbiddenError
from nama.core.text import normalize_digits, normalize_persian, strip_invisible, to_persian_digits

HEADER = ("bill_id", "payment_id", "amount", "paid_at", "trace")
MAX_ROWS = 100_000
MAX_TRACE = 64
_AMOUNT_GROUPING = re.compile(r"[,٬\s]")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_JALALI = re.compile(
    r"(1[0-6][0-9]{2}[/-][0-9]{1,2}[/-][0-9]{1,2})"
    r"(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?",
    re.ASCII,
)
# Rows that stand for money the bank moved: seeing their trace again is not new money.
_COUNTED = (BankImportOutcome.MATCHED, BankImportOutcome.CONFIRMED, BankImportOutcome.ALREADY_PAID)
_OUTCOME = BankImportOutcome

NOT_ALLOWED = "شما اجازه وارد کردن فایل تسویه بانک را ندارید."
NO_BANK = "نام بانک را بنویسید (حداکثر ۶۰ نویسه)."
NO_FILE_NAME = "نام فایل را بدهید (حداکثر ۳۰۰ نویسه)."
EMPTY = "فایل خالی است."
NOT_UTF8 = "فایل باید متن CSV با کدگذاری UTF-8 باشد."
BAD_HEADER = "سطر نخست فایل باید دقیقاً این سرستون‌ها باشد: bill_id,payment_id,amount,paid_at,trace"
TOO_MANY = "فایل بیش از ۱۰۰٬۰۰۰ ردیف دارد؛ آن را در چند فایل وارد کنید."
ALREADY_IMPORTED = "این فایل پیش‌تر ({when}، با نام «{name}») وارد شده است؛ چیزی تغییر نکرد."
BAD_COLUMNS = "ردیف باید ۵ ستون داشته باشد."
BAD_AMOUNT = "مبلغ باید عددی مثبت به ریال باشد."
BAD_PAID_AT = "زمان پرداخت باید ISO 8601 یا تاریخ شمسی مانند ۱۴۰۵/۰۹/۰۸ ۱۰:۳۰ باشد."
FUTURE_PAID_AT = "زمان پرداخت در آینده است."
BAD_TRACE = "شماره پیگیری لازم است (حداکثر ۶۴ نویسه)."
MATCHED = "قبض {bill} پرداخت‌شده ثبت شد."
CONFIRMED = "پرداخت درگاه این قبض را بانک تأیید کرد."
SEEN_TRACE = "این ردیف (همین قبض و شماره پیگیری) پیش‌تر ثبت شده بود."
OWN_RECEIPT = "رسید این قبض همین ردیف است."
UNKNOWN = "قبضی با این شناسه قبض و شناسه پرداخت نیست."
WRONG_AMOUNT = "مبلغ ردیف {row} است ولی مبلغ قبض {bill}."
NOT_PAYABLE = "قبض «{status}» است؛ این واریز باید بررسی و مسترد شود."
PAID_TWICE = (
    "قبض پیش‌تر در {when} از راه «{route}» پرداخت شده است؛ این واریز دوباره است و باید مسترد شود."
)


@dataclass(frozen=True, slots=True)
class _Line:
    """One parsed row; ``error`` says why it is invalid."""

    number: int
    bill_id: str
    payment_id: str
    amount: int | None = None
    paid_at: datetime | None = None
    trace: str = ""
    error: str = ""


def import_bank_file(*, data: bytes, file_name: str, bank: str, actor: User | None) -> BankImport:
    """Import a bank's settlement file (format above) in one transaction and return it with
    its rows and ``summary`` (a count per outcome, and the amount newly received). The same
    file a second time is refused and nothing is written."""
    if actor is not None and not can(actor, "billing.reconcile"):
        raise ForbiddenError(NOT_ALLOWED, code="not_allowed")
    bank_name, name = _label(bank, 60, NO_BANK), _label(PurePath(file_name).name, 300, NO_FILE_NAME)
    lines = _read(data)
    checksum = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        # One import at a time: rows of two files lock bills in different orders.
        lock_for_transaction("billing.bank_import")
        _refuse_seen(checksum)
        try:
            with transaction.atomic():
                imported = BankImport.objects.create(
                    bank=bank_name, file_name=name, checksum=checksum, imported_by=actor
                )
        except IntegrityError:
            _refuse_seen(checksum)
            raise
        rows = [_reconcile(imported, line) for line in lines]
        imported.rows_total = len(rows)
        imported.summary = _summary(rows)
        imported.save(update_fields=["rows_total", "summary"])
    return imported


def summary_lines(imported: BankImport) -> list[str]:
    """The import's outcome in Persian: a title line, then one line per outcome seen."""
    total = to_persian_digits(str(imported.rows_total))
    lines = [f"فایل «{imported.file_name}» از {imported.bank}: {total} ردیف"]
    counts = imported.summary.get("outcomes", {})
    for outcome in BankImportOutcome:
        if counts.get(outcome.value):
            lines.append(f"{outcome.label}: {to_persian_digits(str(counts[outcome.value]))}")
    received = int(imported.summary.get("received", 0))
    lines.append(f"مبلغ تازه وصول‌شده: {format_rials(received)}")
    return lines


# --- reading the file ----------------------------------------------------------------------


def _label(value: str, most: int, message: str) -> str:
    text = normalize_persian(value) if isinstance(value, str) else ""
    if not text or len(text) > most:
        raise ValidationError(message, code="invalid")
    return text


def _read(data: bytes) -> list[_Line]:
    if not data.strip():
        raise ValidationError(EMPTY, code="empty_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(NOT_UTF8, code="not_utf8") from None
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    header = tuple(strip_invisible(cell).strip().lower() for cell in rows[0]) if rows else ()
    if header != HEADER:
        raise ValidationError(BAD_HEADER, code="bad_header")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(TOO_MANY, code="too_many_rows")
    return [_parse(number, row) for number, row in enumerate(rows[1:], start=2)]


def _parse(number: int, row: list[str]) -> _Line:
    cells = [normalize_digits(strip_invisible(cell)).strip() for cell in row]
    if len(cells) != len(HEADER):
        return _Line(number, cells[0][:30], "", error=BAD_COLUMNS)
    bill_text, payment_text, amount_text, paid_text, trace = cells
    try:
        parsed = parse_bill(bill_text, payment_text)
    except ValidationError as error:
        return _Line(number, bill_text[:30], payment_text[:30], error=error.messages[0])
    amount, paid_at = _amount(amount_text), _paid_at(paid_text)
    problem = _problem(amount, paid_at, trace)
    return _Line(
        number, parsed.bill_id, parsed.payment_id, amount, paid_at, trace[:MAX_TRACE], problem
    )


def _problem(amount: int | None, paid_at: datetime | None, trace: str) -> str:
    """What is wrong with a row whose IDs are valid ("" when nothing)."""
    if amount is None:
        return BAD_AMOUNT
    if paid_at is None:
        return BAD_PAID_AT
    if paid_at > timezone.now() + timedelta(hours=1):
        return FUTURE_PAID_AT
    if not trace or len(trace) > MAX_TRACE:
        return BAD_TRACE
    return ""


def _amount(text: str) -> int | None:
    digits = _AMOUNT_GROUPING.sub("", text)
    if _DIGITS.fullmatch(digits) is None or int(digits) <= 0:
        return None
    return int(digits)


def _paid_at(text: str) -> datetime | None:
    """ISO 8601 (a time with no zone is Tehran's) or a Jalali date with an optional time."""
    jalali = _JALALI.fullmatch(text)
    try:
        if jalali is not None:
            hour, minute, second = (int(part or 0) for part in jalali.group(2, 3, 4))
            return datetime.combine(
                parse_jalali_date(jalali[1]), time(hour, minute, second), tzinfo=TEHRAN
            )
        moment = datetime.fromisoformat(text)
    except (ValueError, ValidationError):
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=TEHRAN)


# --- deciding each row ---------------------------------------------------------------------


def _refuse_seen(checksum: str) -> None:
    earlier = BankImport.objects.filter(checksum=checksum).first()
    if earlier is not None:
        when = format_jalali_datetime(earlier.imported_at)
        message = ALREADY_IMPORTED.format(when=when, name=earlier.file_name)
        raise ValidationError(message, code="already_imported")


def _reconcile(imported: BankImport, line: _Line) -> BankImportRow:
    row = BankImportRow(
        bank_import=imported,
        line_number=line.number,
        bill_number=line.bill_id,
        payment_number=line.payment_id,
        amount=line.amount,
        paid_at=line.paid_at,
        trace=line.trace,
    )
    if line.error:
        return _save(row, _OUTCOME.INVALID, line.error)
    if _counted_before(line):
        return _save(row, _OUTCOME.ALREADY_RECORDED, SEEN_TRACE)
    bill = Bill.objects.filter(bill_number=line.bill_id, payment_number=line.payment_id).first()
    if bill is None:
        return _save(row, _OUTCOME.UNKNOWN, UNKNOWN)
    row.bill = bill
    return _with_bill(row, bill, line)


def _with_bill(row: BankImportRow, bill: Bill, line: _Line) -> BankImportRow:
    if line.amount != bill.amount:
        amounts = {"row": format_rials(line.amount or 0), "bill": format_rials(bill.amount)}
        return _save(row, _OUTCOME.WRONG_AMOUNT, WRONG_AMOUNT.format(**amounts))
    if bill.status == BillStatus.ISSUED:
        if _receive(row, bill, line):
            return row
        bill.refresh_from_db()  # paid (or voided) a moment ago by another route
    if bill.status not in (BillStatus.PAID, BillStatus.REFUNDED):
        status = bill.get_status_display()
        return _save(row, _OUTCOME.NOT_PAYABLE, NOT_PAYABLE.format(status=status))
    return _paid_before(row, bill, line)


def _receive(row: BankImportRow, bill: Bill, line: _Line) -> bool:
    """Mark the issued bill paid by this row; False if it was paid or voided meanwhile."""
    if line.amount is None or line.paid_at is None:
        raise ValueError("a valid line has an amount and a time")
    _save(row, _OUTCOME.MATCHED, MATCHED.format(bill=bill.bill_number))
    receipt = record_receipt(
        bill_pk=bill.pk,
        amount=line.amount,
        source=ReceiptSource.BANK_FILE,
        paid_at=line.paid_at,
        bank_row=row,
        reference=line.trace,
    )
    return receipt is not None


def _counted_before(line: _Line) -> bool:
    earlier = BankImportRow.objects.filter(
        trace=line.trace, bill_number=line.bill_id, outcome__in=_COUNTED
    )
    return earlier.exists()


def _paid_before(row: BankImportRow, bill: Bill, line: _Line) -> BankImportRow:
    """A row for a bill already paid: its own receipt, the bank's confirmation of a gateway
    payment, or a second payment to refund."""
    receipt = Receipt.objects.select_related("bank_row").get(bill=bill)
    if receipt.reference == line.trace or (
        receipt.bank_row is not None and receipt.bank_row.trace == line.trace
    ):
        return _save(row, _OUTCOME.ALREADY_RECORDED, OWN_RECEIPT)
    if receipt.source == ReceiptSource.GATEWAY and bill.bank_confirmed_at is None:
        Bill.objects.filter(pk=bill.pk, bank_confirmed_at__isnull=True).update(
            bank_confirmed_at=timezone.now()
        )
        return _save(row, _OUTCOME.CONFIRMED, CONFIRMED)
    when = format_jalali_datetime(receipt.paid_at)
    message = PAID_TWICE.format(when=when, route=receipt.get_source_display())
    return _save(row, _OUTCOME.ALREADY_PAID, message)


def _save(row: BankImportRow, outcome: BankImportOutcome, message: str) -> BankImportRow:
    row.outcome = outcome
    row.message = message[:300]
    if row.pk is None:
        row.save()
    else:
        row.save(update_fields=["outcome", "message"])
    return row


def _summary(rows: list[BankImportRow]) -> dict[str, object]:
    outcomes = Counter(row.outcome for row in rows)
    received = sum(row.amount or 0 for row in rows if row.outcome == _OUTCOME.MATCHED)
    return {
        "outcomes": {outcome.value: outcomes[outcome] for outcome in _OUTCOME},
        "received": received,
    }
