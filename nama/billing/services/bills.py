"""Issuing, voiding and reissuing bills (ADR 0030).

One bill per beneficiary account of an accepted assessment (or ``n`` installments of it). The
amount is rounded down to 1,000 rials — the payment ID encodes thousands — and the remainder is
shown as a negative line, so a bill's lines always add up to its amount. A bill's amount never
changes once issued: a correction voids it and issues a replacement that points back at it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.constants import (
    BILL_AMOUNT_UNIT,
    DUTY_PURPOSES,
    OPEN_BILL_STATUSES,
    AssessmentStatus,
    BillStatus,
    LedgerKind,
    Purpose,
)
from nama.billing.models import (
    Assessment,
    AssessmentLine,
    BeneficiaryAccount,
    Bill,
    BillLine,
    DutyYear,
)
from nama.billing.services.duties import subject_key
from nama.billing.services.ledger import post
from nama.billing.tariffs import book_for, current_year
from nama.cases.models import Case
from nama.core.identifiers import make_bill_id, make_payment_id
from nama.core.jalali import days_in_month, from_jalali, tehran_today, to_jalali
from nama.core.money import ensure_rials, format_rials
from nama.core.problems import ConflictError, ForbiddenError
from nama.core.text import normalize_persian, to_persian_digits

ROUNDING_RULE = "rounding"
ROUNDING_LABEL = "کسر رند"
INSTALLMENT_RULE = "installment"
CORRECTION_RULE = "correction"
MAX_REASON = 1000

NOT_ISSUABLE = "برای این محاسبه نمی‌توان قبض صادر کرد؛ وضعیت آن «{status}» است."
NOT_ISSUED = "فقط قبض صادرشده و پرداخت‌نشده را می‌توان باطل کرد؛ وضعیت این قبض «{status}» است."
NO_REASON = "دلیل را بنویسید؛ در پرونده قبض ثبت می‌شود."
LONG_REASON = "دلیل حداکثر ۱۰۰۰ نویسه است."
NOT_ALLOWED = "شما اجازه ابطال یا صدور دوباره این قبض را ندارید."
BAD_INSTALLMENTS = "تعداد اقساط باید عددی بین ۱ و {most} باشد."
BAD_AMOUNT = "مبلغ قبض باید مضرب مثبتی از ۱٬۰۰۰ ریال باشد."
YEAR_SETTLED = "عوارض سال {year} پیش‌تر پرداخت شده است؛ صورت‌حساب را دوباره محاسبه کنید."
EARLIER_PART_PAID = (
    "بخشی از صورت‌حساب پیشینِ همین سال‌ها پرداخت شده است؛ نخست قبض‌های باقی‌مانده آن را بپردازید."
)
SUPERSEDED = "صورت‌حساب تازه‌تری برای همین سال‌ها صادر شد."


@dataclass(frozen=True, slots=True)
class _Share:
    """One beneficiary account's part of an assessment: its lines and their sum."""

    account: BeneficiaryAccount
    lines: list[AssessmentLine]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def issue_bills(*, assessment: Assessment, actor: User | None, installments: int = 1) -> list[Bill]:
    """Accept ``assessment`` (if proposed) and issue its bills: one per beneficiary account
    whose lines sum to at least 1,000 rials, or ``installments`` monthly bills per account when
    the tariff book allows it for this purpose and total. Idempotent: once an assessment has
    bills, calling again returns its live (not void) bills. Callers check who may accept."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
        if locked.status == AssessmentStatus.ACCEPTED and locked.bills.exists():
            return list(locked.bills.exclude(status=BillStatus.VOID).order_by("pk"))
        if locked.status not in (AssessmentStatus.PROPOSED, AssessmentStatus.ACCEPTED):
            status = locked.get_status_display()
            raise ConflictError(NOT_ISSUABLE.format(status=status), code="not_issuable")
        count = _installments(locked, installments)
        _accept(locked, actor)
        bills = [bill for share in _shares(locked) for bill in _issue_share(locked, share, count)]
        if locked.purpose in DUTY_PURPOSES:
            _link_duty_years(locked, bills)
    assessment.refresh_from_db()
    return bills


def void_bill(*, bill: Bill, actor: User | None, reason: str) -> Bill:
    """Void an issued, unpaid bill with a reason (revenue staff; ``actor=None`` is the platform
    itself). Its debt is cancelled in the ledger; a payment that arrives later is refunded."""
    text = _reason(reason)
    _require_adjust(actor, bill)
    with transaction.atomic():
        locked = _locked(bill)
        _void(locked, text)
    bill.refresh_from_db()
    return locked


def reissue_bill(*, bill: Bill, actor: User | None, reason: str, amount: int | None = None) -> Bill:
    """Void ``bill`` and issue its replacement (``replaces`` points back), with the same lines
    or, given ``amount``, a correction line that brings them to it; duty years move along."""
    text = _reason(reason)
    _require_adjust(actor, bill)
    if amount is not None and (ensure_rials(amount) <= 0 or amount % BILL_AMOUNT_UNIT):
        raise ValidationError({"amount": [BAD_AMOUNT]})
    with transaction.atomic():
        old = _locked(bill)
        _void(old, text)
        new = _replacement(old, amount if amount is not None else old.amount, text)
        old.duty_years.filter(settled_at__isnull=True).update(bill=new)
    bill.refresh_from_db()
    return new


def open_bills(case: Case) -> QuerySet[Bill]:
    """The request's bills still to be paid (issued or provisional), by period."""
    return Bill.objects.filter(case=case, status__in=OPEN_BILL_STATUSES).order_by("period", "pk")


def case_fees_paid(case: Case) -> bool:
    """True when the request has live (not void) bills and every one of them is paid."""
    live = Bill.objects.filter(case=case).exclude(status=BillStatus.VOID)
    return live.exists() and not live.exclude(status=BillStatus.PAID).exists()


# --- issuing -------------------------------------------------------------------------------


def _installments(assessment: Assessment, count: int) -> int:
    """The installment count asked for, checked against the year's book (one is always fine)."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValidationError({"installments": [BAD_INSTALLMENTS.format(most="۱")]})
    if count == 1:
        return 1
    most = book_for(assessment.tariff_year).max_installments(
        Purpose(assessment.purpose), assessment.total
    )
    if count > most:
        most_text = to_persian_digits(str(most))
        raise ValidationError({"installments": [BAD_INSTALLMENTS.format(most=most_text)]})
    return count


def _accept(assessment: Assessment, actor: User | None) -> None:
    if assessment.status == AssessmentStatus.ACCEPTED:
        return
    assessment.status = AssessmentStatus.ACCEPTED
    assessment.accepted_at = timezone.now()
    assessment.accepted_by = actor
    assessment.save(update_fields=["status", "accepted_at", "accepted_by"])


def _shares(assessment: Assessment) -> list[_Share]:
    """The assessment's lines grouped by account, in order of first appearance."""
    grouped: dict[int, list[AssessmentLine]] = defaultdict(list)
    lines = assessment.lines.select_related("account").order_by("position")
    for line in lines:
        grouped[line.account_id].append(line)
    return [_Share(account=group[0].account, lines=group) for group in grouped.values()]


def _issue_share(assessment: Assessment, share: _Share, count: int) -> list[Bill]:
    """The bills of one account: none below 1,000 rials, else ``count`` installments (fewer
    when the share has fewer thousands than that), the remainder of the split on the first."""
    total = share.total
    rounded = total - total % BILL_AMOUNT_UNIT if total > 0 else 0
    thousands = rounded // BILL_AMOUNT_UNIT
    if thousands <= 0:
        return []
    count = min(count, thousands)
    each, extra = divmod(thousands, count)
    bills = []
    for period in range(1, count + 1):
        amount = (each + (extra if period == 1 else 0)) * BILL_AMOUNT_UNIT
        lines = _lines(share, total - rounded, period=period, count=count, amount=amount)
        bills.append(_create(assessment, share.account, amount, lines, period=period, count=count))
    return bills


def _lines(
    share: _Share, remainder: int, *, period: int, count: int, amount: int
) -> list[BillLine]:
    """The slip's lines: the account's assessment lines (or one installment line), and on the
    first bill the rounding remainder as a negative line; they add up to ``amount``."""
    if count == 1:
        lines = [_copy(line) for line in share.lines]
    else:
        label = to_persian_digits(f"قسط {period} از {count}")
        explanation = (
            f"جمع ردیف‌های این حساب {format_rials(share.total)} در "
            f"{to_persian_digits(str(count))} قسط ماهانه."
        )
        owed = amount + (remainder if period == 1 else 0)
        lines = [BillLine(rule=INSTALLMENT_RULE, label=label, amount=owed, explanation=explanation)]
    if remainder and period == 1:
        explanation = (
            f"شناسه پرداخت مبلغ را به هزار ریال نشان می‌دهد؛ {format_rials(remainder)} بخشوده شد."
        )
        lines.append(
            BillLine(
                rule=ROUNDING_RULE, label=ROUNDING_LABEL, amount=-remainder, explanation=explanation
            )
        )
    return lines


def _copy(line: AssessmentLine | BillLine) -> BillLine:
    return BillLine(
        rule=line.rule, label=line.label, amount=line.amount, explanation=line.explanation
    )


def _create(
    assessment: Assessment,
    account: BeneficiaryAccount,
    amount: int,
    lines: list[BillLine],
    *,
    period: int,
    count: int,
) -> Bill:
    title = f"{assessment.get_purpose_display()} — {account.name}"
    if count > 1:
        title += to_persian_digits(f" — قسط {period} از {count}")
    case = assessment.case
    parcel = assessment.parcel
    district = case.district if case is not None else (parcel.district if parcel else None)
    bill = Bill.objects.create(
        account=account,
        assessment=assessment,
        purpose=assessment.purpose,
        title=title[:200],
        payer=assessment.payer,
        case=case,
        parcel=parcel,
        unit=assessment.unit,
        vehicle=assessment.vehicle,
        district=district,
        jalali_year=current_year(),
        period=period,
        installments=count,
        amount=amount,
        due_on=_due_on(period),
    )
    return _issue(bill, lines)


def _issue(bill: Bill, lines: list[BillLine]) -> Bill:
    """Give a provisional bill its lines and IDs (its pk is the bill ID's file code), make it
    issued and receivable in the ledger."""
    for position, line in enumerate(lines, start=1):
        line.bill, line.position = bill, position
    BillLine.objects.bulk_create(lines)
    bill.bill_number = make_bill_id(bill.pk, bill.account.company_code)
    bill.payment_number = make_payment_id(
        bill.bill_number, bill.amount, bill.jalali_year, bill.period
    )
    bill.status = BillStatus.ISSUED
    bill.issued_at = timezone.now()
    bill.save(update_fields=["bill_number", "payment_number", "status", "issued_at"])
    post(kind=LedgerKind.RECEIVABLE, bill=bill, memo=f"صدور قبض {bill.bill_number}")
    return bill


def _due_on(period: int) -> date:
    """Due ``NAMA_BILL_DUE_DAYS`` from today; each later installment a Jalali month later."""
    first = tehran_today() + timedelta(days=settings.NAMA_BILL_DUE_DAYS)
    if period == 1:
        return first
    start = to_jalali(first)
    index = start.month - 1 + period - 1
    year, month = start.year + index // 12, index % 12 + 1
    return from_jalali(year, month, min(start.day, days_in_month(year, month)))


# --- voiding and reissuing -----------------------------------------------------------------


def _reason(reason: str) -> str:
    text = normalize_persian(reason) if isinstance(reason, str) else ""
    if not text:
        raise ValidationError({"reason": [NO_REASON]})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": [LONG_REASON]})
    return text


def _require_adjust(actor: User | None, bill: Bill) -> None:
    if actor is not None and not can(actor, "billing.adjust", bill):
        raise ForbiddenError(NOT_ALLOWED, code="not_allowed")


def _locked(bill: Bill) -> Bill:
    return Bill.objects.select_for_update(of=("self",)).select_related("account").get(pk=bill.pk)


def _void(bill: Bill, reason: str) -> None:
    if bill.status != BillStatus.ISSUED:
        status = bill.get_status_display()
        raise ConflictError(NOT_ISSUED.format(status=status), code="bill_not_issued")
    bill.status = BillStatus.VOID
    bill.voided_at = timezone.now()
    bill.void_reason = reason
    bill.save(update_fields=["status", "voided_at", "void_reason"])
    post(kind=LedgerKind.CANCELLED, bill=bill, memo=f"ابطال: {reason}")


def _replacement(old: Bill, amount: int, reason: str) -> Bill:
    lines = [_copy(line) for line in old.lines.order_by("position")]
    if amount != old.amount:
        lines.append(
            BillLine(
                rule=CORRECTION_RULE,
                label="اصلاح مبلغ",
                amount=amount - old.amount,
                explanation=reason,
            )
        )
    new = Bill.objects.create(
        account=old.account,
        assessment=old.assessment,
        purpose=old.purpose,
        title=old.title,
        payer=old.payer,
        case=old.case,
        parcel=old.parcel,
        unit=old.unit,
        vehicle=old.vehicle,
        district=old.district,
        jalali_year=current_year(),
        period=old.period,
        installments=old.installments,
        amount=amount,
        due_on=max(old.due_on, _due_on(1)),
        replaces=old,
    )
    return _issue(new, lines)


# --- duty years ----------------------------------------------------------------------------


def _link_duty_years(assessment: Assessment, bills: list[Bill]) -> None:
    """Point the (duty, subject, year) rows of a statement's years at its first bill, so the
    receipt that completes the statement settles them. A year still held by an earlier
    unpaid statement takes it over (its bills are voided: they must not be paid twice)."""
    lines = assessment.lines.filter(jalali_year__isnull=False)
    years = sorted({year for year in lines.values_list("jalali_year", flat=True) if year})
    if not bills or not years:
        return
    key = subject_key(parcel=assessment.parcel, unit=assessment.unit, vehicle=assessment.vehicle)
    for year in years:
        row, _ = DutyYear.objects.select_for_update().get_or_create(
            purpose=assessment.purpose,
            subject_key=key,
            jalali_year=year,
            defaults={
                "parcel": assessment.parcel,
                "unit": assessment.unit,
                "vehicle": assessment.vehicle,
            },
        )
        if row.settled_at is not None:
            raise ConflictError(
                YEAR_SETTLED.format(year=to_persian_digits(str(year))), code="year_settled"
            )
        if row.bill is not None and row.bill.assessment_id != assessment.pk:
            _release(row.bill)
        row.bill = bills[0]
        row.save(update_fields=["bill"])


def _release(held_by: Bill) -> None:
    """Void the issued bills of the earlier statement that ``held_by`` belongs to."""
    same = Q(assessment_id=held_by.assessment_id) if held_by.assessment_id else Q(pk=held_by.pk)
    earlier = Bill.objects.select_for_update(of=("self",)).filter(same)
    if earlier.filter(status=BillStatus.PAID).exists():
        raise ConflictError(EARLIER_PART_PAID, code="earlier_statement_part_paid")
    for bill in earlier.filter(status=BillStatus.ISSUED):
        _void(bill, SUPERSEDED)
