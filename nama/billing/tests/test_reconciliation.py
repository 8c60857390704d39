"""Importing a bank's settlement file: matched, confirmed, idempotent, and every mismatch."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.billing.constants import BankImportOutcome, BillStatus, ReceiptSource
from nama.billing.models import BankImport, BankImportRow, Bill, Receipt
from nama.billing.services.bills import issue_bills, void_bill
from nama.billing.services.ledger import check_ledger
from nama.billing.services.receipts import record_receipt
from nama.billing.services.reconciliation import import_bank_file
from nama.billing.tests.builders import an_assessment
from nama.core.identifiers import make_bill_id, make_payment_id
from nama.core.money import format_rials
from nama.core.text import to_persian_digits
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

pytestmark = pytest.mark.django_db

HEADER = "bill_id,payment_id,amount,paid_at,trace\n"
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
Outcome = BankImportOutcome


@pytest.fixture
def payer() -> User:
    return make_user()


def _bill(payer: User, amount: int = 12_500_000) -> Bill:
    lines = [("municipality", amount)]
    (bill,) = issue_bills(assessment=an_assessment(payer, lines=lines), actor=payer)
    return bill


def _row(bill: Bill, trace: str, *, amount: int | None = None, paid_at: str = "") -> str:
    when = paid_at or "2026-11-28T10:30:00+03:30"
    return f"{bill.bill_number},{bill.payment_number},{amount or bill.amount},{when},{trace}\n"


def _import(text: str, name: str = "shahr-1405-09-08.csv") -> BankImport:
    return import_bank_file(data=text.encode(), file_name=name, bank="بانک شهر", actor=None)


def _outcomes(imported: BankImport) -> list[str]:
    return list(imported.rows.order_by("line_number").values_list("outcome", flat=True))


def test_a_row_in_persian_digits_and_a_jalali_time_pays_the_bill(payer: User) -> None:
    bill = _bill(payer)
    row = (
        f"{to_persian_digits(str(bill.bill_number))},{str(bill.payment_number).translate(ARABIC)},"
    )
    row += f"{format_rials(12_500_000, unit=False)},۱۴۰۵/۰۹/۰۷ ۱۰:۳۰,۸۸۷۷۶۶\n"

    imported = _import(HEADER + row)

    assert _outcomes(imported) == [Outcome.MATCHED]
    assert imported.summary["outcomes"]["matched"] == 1
    assert imported.summary["received"] == 12_500_000
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert bill.bank_confirmed_at is not None
    receipt = Receipt.objects.get(bill=bill)
    assert (receipt.source, receipt.reference) == (ReceiptSource.BANK_FILE, "887766")
    assert receipt.bank_row == imported.rows.get()
    assert (receipt.paid_at.year, receipt.paid_at.month, receipt.paid_at.day) == (2026, 11, 28)
    assert check_ledger() == []


def test_the_same_file_twice_is_refused_and_writes_nothing(payer: User) -> None:
    text = HEADER + _row(_bill(payer), "T-1")
    _import(text)

    with pytest.raises(ValidationError) as refused:
        _import(text, name="renamed.csv")

    assert refused.value.code == "already_imported"
    assert "پیش‌تر" in refused.value.messages[0]
    assert BankImport.objects.count() == 1
    assert BankImportRow.objects.count() == 1


def test_rows_seen_in_another_file_are_already_recorded(payer: User) -> None:
    first, second = _bill(payer), _bill(payer, 3_000_000)
    _import(HEADER + _row(first, "T-1"))

    imported = _import(HEADER + _row(first, "T-1") + _row(second, "T-2") + _row(second, "T-2"))

    assert _outcomes(imported) == [
        Outcome.ALREADY_RECORDED,
        Outcome.MATCHED,
        Outcome.ALREADY_RECORDED,
    ]
    assert Receipt.objects.count() == 2
    assert check_ledger() == []


def test_a_gateway_payment_is_confirmed_then_a_second_payment_reported(payer: User) -> None:
    bill = _bill(payer)
    payment = Payment.objects.create(
        bill=bill,
        payer=payer,
        provider="sandbox",
        order_id="ORD-1",
        amount=bill.amount,
        status=PaymentStatus.PAID,
    )
    record_receipt(
        bill_pk=bill.pk,
        amount=bill.amount,
        source=ReceiptSource.GATEWAY,
        paid_at=timezone.now(),
        payment=payment,
        reference="RRN-5",
    )

    imported = _import(HEADER + _row(bill, "B-1") + _row(bill, "B-2") + _row(bill, "RRN-5"))

    assert _outcomes(imported) == [
        Outcome.CONFIRMED,
        Outcome.ALREADY_PAID,
        Outcome.ALREADY_RECORDED,
    ]
    bill.refresh_from_db()
    assert bill.bank_confirmed_at is not None
    assert "مسترد" in imported.rows.get(outcome=Outcome.ALREADY_PAID).message
    assert Receipt.objects.count() == 1
    assert check_ledger() == []


def test_mismatches_are_reported_and_change_nothing(payer: User) -> None:
    bill, other = _bill(payer), _bill(payer, 2_000_000)
    voided = void_bill(bill=_bill(payer, 5_000_000), actor=None, reason="اصلاح")
    nobody = make_bill_id(9_999_999, 101)
    unknown = f"{nobody},{make_payment_id(nobody, 2_000_000, 1405, 1)},2000000,2026-11-28 09:00,U\n"
    text = (
        HEADER
        + unknown
        + _row(bill, "W-1", amount=12_000_000)
        + "1234567,125040128,1250000,2026-11-28,I-1\n"  # a bad check digit
        + _row(other, "I-2", paid_at="1405/13/01")
        + _row(other, "I-3", paid_at="2031-01-01T00:00:00+00:00")
        + _row(other, "")
        + f"{other.bill_number},{other.payment_number}\n"
        + _row(voided, "V-1")
    )

    imported = _import(text)

    assert _outcomes(imported) == [
        Outcome.UNKNOWN,
        Outcome.WRONG_AMOUNT,
        Outcome.INVALID,
        Outcome.INVALID,
        Outcome.INVALID,
        Outcome.INVALID,
        Outcome.INVALID,
        Outcome.NOT_PAYABLE,
    ]
    assert imported.summary["outcomes"]["invalid"] == 5
    assert imported.summary["received"] == 0
    assert not Receipt.objects.exists()
    assert Bill.objects.filter(status=BillStatus.ISSUED).count() == 2
    messages = list(imported.rows.values_list("message", flat=True))
    assert all(messages)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "خالی"),
        (b"bill,payment\n1,2\n", "سرستون"),
        ("شناسه\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_a_file_that_is_not_a_settlement_file_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        import_bank_file(data=data, file_name="x.csv", bank="بانک شهر", actor=None)

    assert message in refused.value.messages[0]
    assert not BankImport.objects.exists()


def test_the_command_prints_the_summary_in_persian(payer: User, tmp_path: Path) -> None:
    bill = _bill(payer)
    path = tmp_path / "settlement.csv"
    path.write_text(HEADER + _row(bill, "T-9") + _row(bill, "T-10", amount=1_000), encoding="utf-8")
    out = StringIO()

    call_command("bankfile", "import", str(path), "--bank", "بانک شهر", stdout=out)

    text = out.getvalue()
    assert "فایل «settlement.csv» از بانک شهر: ۲ ردیف" in text
    assert "قبض پرداخت‌شده ثبت شد: ۱" in text
    assert "سطر ۳ — مبلغ نادرست" in text
    assert "مبلغ تازه وصول‌شده: ۱۲٬۵۰۰٬۰۰۰ ریال" in text
