"""Settling what a subject owes: the bills that pay a yearly duty, what a property still owes,
and the settlement letter (مفاصاحساب) issued when it owes nothing.

A property is settled when its renewal duty is paid through the current Jalali year and no
issued bill of it (or of a unit in it) is unpaid. A letter is valid for three months, and never
past the end of the year it covers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.billing.constants import Purpose
from nama.billing.models import Bill, SettlementLetter, Vehicle
from nama.billing.selectors import open_property_bills, open_subject_bills
from nama.billing.services.bills import issue_bills
from nama.billing.services.duties import duty_statement, is_settled, subject_key, unpaid_years
from nama.billing.tariffs import current_year
from nama.core.jalali import from_jalali, to_jalali
from nama.core.money import format_rials
from nama.core.problems import ConflictError, NotFoundError
from nama.core.text import to_persian_digits
from nama.parcels.models import Parcel, Unit
from nama.parcels.selectors import parcels_owned_by

logger = logging.getLogger("nama.billing")

VALID_DAYS = 90
NOT_YOURS = "این ملک در فهرست املاک شما نیست."
OWES = "این ملک بدهی دارد و مفاصاحساب صادر نمی‌شود: "


@dataclass(frozen=True)
class OwedItem:
    """One thing a property still owes, in a Persian sentence (with its bill, if issued)."""

    text: str
    bill: Bill | None = None


def _years_text(years: list[int]) -> str:
    return to_persian_digits("، ".join(str(year) for year in years))


def owed_items(parcel: Parcel) -> list[OwedItem]:
    """What keeps ``parcel`` from a settlement letter: unpaid renewal-duty years through the
    current year and issued, unpaid bills of it or of its units. Empty when settled."""
    items: list[OwedItem] = []
    key = subject_key(parcel=parcel)
    if not is_settled(Purpose.RENEWAL_DUTY, key, current_year()):
        years = unpaid_years(Purpose.RENEWAL_DUTY, key)
        items.append(OwedItem(f"عوارض نوسازی سال‌های {_years_text(years)} پرداخت نشده است."))
    for bill in open_property_bills(parcel):
        number = to_persian_digits(bill.bill_number or "")
        text = f"قبض «{bill.title}» به شناسه {number}: {format_rials(bill.amount)}"
        items.append(OwedItem(text, bill))
    return items


def valid_until(issued_on: date) -> date:
    """Three months on, but not past the last day of the Jalali year of ``issued_on``."""
    next_year = from_jalali(int(to_jalali(issued_on).year) + 1, 1, 1)
    return min(issued_on + timedelta(days=VALID_DAYS), next_year - timedelta(days=1))


@transaction.atomic
def issue_settlement_letter(*, parcel: Parcel, actor: User) -> SettlementLetter:
    """The settlement letter of one of the actor's properties; ``ConflictError`` (listing what
    is owed) unless settled. A still-valid letter of this year issued to the actor is reused."""
    if not parcels_owned_by(actor).filter(pk=parcel.pk).exists():
        raise NotFoundError(NOT_YOURS)
    Parcel.objects.select_for_update().filter(pk=parcel.pk).first()  # one issuer at a time
    items = owed_items(parcel)
    if items:
        raise ConflictError(OWES + "؛ ".join(item.text for item in items), code="not_settled")
    year, today = current_year(), timezone.localdate()
    letters = SettlementLetter.objects.filter(parcel=parcel)
    reusable = letters.filter(issued_to=actor, through_year=year, valid_until__gte=today).first()
    if reusable is not None:
        return reusable
    letter = SettlementLetter.objects.create(
        number=f"{year}-{parcel.pk:06d}-{letters.count() + 1:02d}",
        parcel=parcel,
        issued_to=actor,
        through_year=year,
        issued_at=timezone.now(),
        valid_until=valid_until(today),
    )
    logger.info("settlement letter issued", extra={"letter": letter.number, "actor_id": actor.pk})
    return letter


@transaction.atomic
def duty_bills(
    *,
    purpose: Purpose,
    payer: User,
    parcel: Parcel | None = None,
    unit: Unit | None = None,
    vehicle: Vehicle | None = None,
) -> list[Bill]:
    """The bills that pay a subject's yearly duty: its open ones if already issued, else a new
    statement of every unpaid year, issued at once. Empty when nothing is owed."""
    subject = {"parcel": parcel, "unit": unit, "vehicle": vehicle}
    named = {name: value for name, value in subject.items() if value is not None}
    if len(named) != 1:
        raise ValueError("exactly one duty subject")
    issued = list(open_subject_bills(purpose, **named))
    if issued:
        return issued
    assessment = duty_statement(
        purpose=purpose, parcel=parcel, unit=unit, vehicle=vehicle, payer=payer
    )
    if assessment.total <= 0:
        return []
    return issue_bills(assessment=assessment, actor=payer)
