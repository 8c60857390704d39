"""Reads of bills, payments, refunds and the subjects of duties, checked against who asks.

The querysets mirror the rules of ``nama.billing.access`` so that a list never shows what the
bill page would refuse:

- ``payer_bills``: the payer; for a request's bills, its applicant side; for a vehicle's, the
  owner; for a property's, its current owners (``access.payer_side``).
- ``revenue_bills``: bills of the districts where the user holds a revenue role (the bill's
  district, else its request's, else its parcel's); bills with none of these (vehicles) only
  for city-wide holders (``access.revenue_staff_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When

from nama.accounts.authz import active_roles, districts_for
from nama.accounts.models import User
from nama.billing.access import REVENUE_ROLES, payer_side
from nama.billing.constants import BillStatus, Purpose, RefundStatus
from nama.billing.models import BankImport, Bill, Business, Refund, SettlementLetter, Vehicle
from nama.billing.services.duties import subject_key, unpaid_years
from nama.billing.services.vehicles import plate_display
from nama.billing.tariffs import book_for, current_year
from nama.cases.selectors import cases_of_applicant
from nama.core.jalali import month_name
from nama.core.problems import ApiError, NotFoundError
from nama.core.text import normalize_digits, strip_invisible, to_persian_digits
from nama.districts.models import District
from nama.parcels.models import Parcel
from nama.parcels.selectors import parcels_owned_by
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment

NOT_FOUND = "این قبض پیدا نشد."
_BILL_RELATIONS = ("account", "payer", "case", "parcel", "unit", "vehicle", "district")
# Bills a payer sees: an unissued (provisional) bill has no ID and is not theirs to pay yet.
_SHOWN = (BillStatus.ISSUED, BillStatus.PAID, BillStatus.VOID, BillStatus.REFUNDED)


# --- The payer's side ------------------------------------------------------------------------


def payer_bills(user: User) -> QuerySet[Bill]:
    """Every issued, paid, void or refunded bill ``user`` may see and pay as the one who owes
    it; open ones first (soonest due), then the newest."""
    if not user.is_active:
        return Bill.objects.none()
    requests = cases_of_applicant(user).values("pk")
    parcels = parcels_owned_by(user).values("pk")
    mine = (
        Q(payer=user)
        | Q(case__isnull=False, case__in=requests)
        | Q(case__isnull=True, vehicle__owner=user)
        | Q(case__isnull=True, vehicle__isnull=True, parcel__in=parcels)
    )
    return (
        Bill.objects.filter(mine, status__in=_SHOWN)
        .select_related(*_BILL_RELATIONS)
        .annotate(open_first=_open_first())
        .order_by("open_first", "due_on", "-created_at", "-pk")
    )


def _open_first() -> When_:
    return When_(
        When(status=BillStatus.ISSUED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def payer_bill(user: User, pk: int) -> Bill:
    """Bill ``pk`` if ``user`` is on its payer side; ``NotFoundError`` otherwise (the same
    answer as for a bill that does not exist)."""
    bill = payer_bills(user).filter(pk=pk).first()
    # The list follows «درخواست‌های من»; one bill is held to the exact rule (a representation
    # that expired or does not cover the request's service no longer counts).
    if bill is None or not payer_side(user, bill):
        raise NotFoundError(NOT_FOUND)
    return bill


def sibling_bills(bill: Bill) -> QuerySet[Bill]:
    """The other open bills issued from the same assessment (one per beneficiary account)."""
    if bill.assessment_id is None:
        return Bill.objects.none()
    return (
        Bill.objects.filter(assessment_id=bill.assessment_id, status=BillStatus.ISSUED)
        .exclude(pk=bill.pk)
        .select_related("account")
        .order_by("pk")
    )


def payments_of(bill: Bill) -> QuerySet[Payment]:
    """The bill's payment attempts, newest first. The caller has checked the bill's access."""
    return Payment.objects.filter(bill=bill).order_by("-created_at", "-pk")


# --- Subjects of yearly duties ----------------------------------------------------------------


def owned_parcels(user: User) -> QuerySet[Parcel]:
    """The properties whose renewal duty ``user`` pays (an owner's share of them)."""
    return parcels_owned_by(user)


def owned_businesses(user: User) -> QuerySet[Business]:
    """Active businesses in shop units of properties ``user`` owns a share of (who pays the
    business duty, as ``services.duties`` checks it)."""
    if not user.is_active:
        return Business.objects.none()
    return (
        Business.objects.filter(
            unit__building__parcel__in=parcels_owned_by(user).values("pk"), active=True
        )
        .select_related("unit", "unit__building", "unit__building__parcel")
        .order_by("unit__renewal_code")
    )


def owned_vehicles(user: User) -> QuerySet[Vehicle]:
    """The user's active vehicles."""
    return Vehicle.objects.filter(owner=user, active=True).order_by("plate")


def open_subject_bills(purpose: Purpose, **subject: object) -> QuerySet[Bill]:
    """Issued, unpaid bills of one duty subject (``parcel=``, ``unit=`` or ``vehicle=``)."""
    return Bill.objects.filter(purpose=purpose, status=BillStatus.ISSUED, **subject).order_by("pk")


def open_property_bills(parcel: Parcel) -> QuerySet[Bill]:
    """Issued, unpaid bills of a property or of a unit in it (what blocks its settlement)."""
    on_parcel = Q(parcel=parcel) | Q(unit__building__parcel=parcel)
    return Bill.objects.filter(on_parcel, status=BillStatus.ISSUED).order_by("due_on", "pk")


def letters_issued(user: User, parcel: Parcel) -> QuerySet[SettlementLetter]:
    """The settlement letters of ``parcel`` issued to ``user``, newest first."""
    return SettlementLetter.objects.filter(parcel=parcel, issued_to=user).order_by(
        "-issued_at", "-pk"
    )


def settlement_letter(user: User, pk: int) -> SettlementLetter:
    """A settlement letter of one of the user's properties (or one issued to them)."""
    letter = (
        SettlementLetter.objects.filter(
            Q(issued_to=user) | Q(parcel__in=parcels_owned_by(user).values("pk")), pk=pk
        )
        .select_related("parcel", "parcel__district", "issued_to")
        .first()
    )
    if letter is None:
        raise NotFoundError("این مفاصاحساب پیدا نشد.")
    return letter


# --- What the user owes per duty subject ------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """Something a yearly duty is charged on, as the duties pages and API list it."""

    pk: int
    label: str
    detail: str
    kwargs: dict[str, Any]  # parcel=, unit= or vehicle= for the duty services


@dataclass(frozen=True)
class DutyRow:
    subject: Subject
    unpaid_years: list[int]
    open_bills: list[Bill]

    @property
    def years_text(self) -> str:
        return to_persian_digits("، ".join(str(year) for year in self.unpaid_years))


def _parcel_subjects(user: User) -> list[Subject]:
    return [
        Subject(
            parcel.pk,
            f"ملک {to_persian_digits(parcel.renewal_code)}",
            parcel.address,
            {"parcel": parcel},
        )
        for parcel in owned_parcels(user)
    ]


def _business_subjects(user: User) -> list[Subject]:
    return [
        Subject(
            business.unit_id,
            business.title,
            f"واحد {to_persian_digits(business.unit.renewal_code)}",
            {"unit": business.unit},
        )
        for business in owned_businesses(user)
    ]


def _vehicle_subjects(user: User) -> list[Subject]:
    return [
        Subject(
            vehicle.pk,
            f"پلاک {plate_display(vehicle.plate)}",
            " — ".join(
                part
                for part in (
                    vehicle.title,
                    vehicle.get_vehicle_class_display(),
                    to_persian_digits(f"مدل {vehicle.model_year}"),
                )
                if part
            ),
            {"vehicle": vehicle},
        )
        for vehicle in owned_vehicles(user)
    ]


_SUBJECTS = {
    Purpose.RENEWAL_DUTY: _parcel_subjects,
    Purpose.BUSINESS_DUTY: _business_subjects,
    Purpose.VEHICLE_DUTY: _vehicle_subjects,
}


def duty_subjects(purpose: Purpose, user: User) -> list[Subject]:
    """The user's properties, shop units or vehicles on which ``purpose`` is charged."""
    return _SUBJECTS[purpose](user)


def duty_rows(purpose: Purpose, user: User) -> list[DutyRow]:
    """Each subject with its unpaid years and issued, unpaid bills (a few queries each)."""
    return [
        DutyRow(
            subject,
            unpaid_years(purpose, subject_key(**subject.kwargs)),
            list(open_subject_bills(purpose, **subject.kwargs)),
        )
        for subject in duty_subjects(purpose, user)
    ]


def _percent(value: Decimal) -> str:
    return to_persian_digits(f"{value.normalize():f}") + "٪"


def _month_day(value: tuple[int, int]) -> str:
    month, day = value
    return to_persian_digits(f"{day} {month_name(month)}")


def duty_terms(purpose: Purpose) -> list[str]:
    """This year's good-payer discount and arrears surcharge for ``purpose``, in Persian, as
    the approved tariff book sets them (empty when no book of this year is approved)."""
    try:
        book = book_for(current_year())
    except ApiError:
        return []
    terms = []
    good = book.good_payer
    if purpose.value in good.applies_to:
        terms.append(
            f"تخفیف خوش‌حسابی {_percent(good.percent)} برای عوارض امسال، اگر از "
            f"{_month_day(good.start)} تا {_month_day(good.end)} پرداخت شود و بدهی "
            "سال‌های پیش نمانده باشد."
        )
    arrears = book.arrears.get(purpose.value)  # type: ignore[call-overload]
    if arrears is not None:
        terms.append(
            f"جریمهٔ دیرکرد {_percent(arrears.percent_per_year)} برای هر سال تأخیر، "
            f"حداکثر {_percent(arrears.max_percent)}."
        )
    if book.illustrative:
        terms.append("ارقام تعرفهٔ امسال نمونه (غیرواقعی) است.")
    return terms


# --- The revenue desk -------------------------------------------------------------------------


def revenue_districts(user: User) -> QuerySet[District]:
    """The districts where ``user`` holds a revenue role (after the second factor)."""
    return districts_for(user, REVENUE_ROLES).order_by("number")


def _city_wide_revenue(user: User) -> bool:
    return active_roles(user).filter(role__in=REVENUE_ROLES, district__isnull=True).exists()


def revenue_bills(user: User) -> QuerySet[Bill]:
    """Every bill the revenue desk of ``user`` covers, newest first (none for anyone else)."""
    districts = revenue_districts(user).values("pk")
    covered = (
        Q(district__in=districts)
        | Q(district__isnull=True, case__district__in=districts)
        | Q(district__isnull=True, case__isnull=True, parcel__district__in=districts)
    )
    if _city_wide_revenue(user):
        covered |= Q(district__isnull=True, case__isnull=True, parcel__isnull=True)
    return (
        Bill.objects.filter(covered).select_related(*_BILL_RELATIONS).order_by("-created_at", "-pk")
    )


def revenue_bill(user: User, pk: int) -> Bill:
    """Bill ``pk`` if the revenue desk of ``user`` covers it; ``NotFoundError`` otherwise."""
    bill = revenue_bills(user).filter(pk=pk).first()
    if bill is None:
        raise NotFoundError(NOT_FOUND)
    return bill


@dataclass(frozen=True)
class BillFilters:
    """The revenue desk's filters; empty values filter nothing."""

    status: str = ""
    purpose: str = ""
    district: int | None = None
    overdue: bool = False
    search: str = ""


def filter_bills(bills: QuerySet[Bill], filters: BillFilters, today: date) -> QuerySet[Bill]:
    if filters.status in BillStatus.values:
        bills = bills.filter(status=filters.status)
    if filters.purpose in Purpose.values:
        bills = bills.filter(purpose=filters.purpose)
    if filters.district is not None:
        bills = bills.filter(
            Q(district_id=filters.district)
            | Q(district__isnull=True, case__district_id=filters.district)
            | Q(district__isnull=True, case__isnull=True, parcel__district_id=filters.district)
        )
    if filters.overdue:
        bills = bills.filter(status=BillStatus.ISSUED, due_on__lt=today)
    if filters.search:
        bills = bills.filter(_search(filters.search))
    return bills


def search_key(text: str) -> str:
    """What was typed, as stored: ASCII digits, no spaces, dashes or bidi marks."""
    compact = normalize_digits(strip_invisible(text))
    return "".join(ch for ch in compact if ch.isascii() and ch.isalnum())[:30]


def _search(text: str) -> Q:
    """A bill ID or payment ID (leading zeros ignored), a payer's national ID or a request's
    tracking code."""
    key = search_key(text)
    if not key:
        return Q()
    stripped = key.lstrip("0") or key
    return (
        Q(bill_number=stripped)
        | Q(payment_number=stripped)
        | Q(payer__national_id=key)
        | Q(case__tracking_code=key)
    )


def revenue_payments(user: User, status: str = "") -> QuerySet[Payment]:
    """Payments of the bills the user's desk covers: those needing a look (unverified,
    duplicate) first, then the newest."""
    payments = Payment.objects.filter(bill__in=revenue_bills(user).values("pk"))
    if status in PaymentStatus.values:
        payments = payments.filter(status=status)
    attention = When_(
        When(status=PaymentStatus.UNVERIFIED, then=Value(0)),
        When(status=PaymentStatus.DUPLICATE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        payments.select_related("bill", "payer")
        .annotate(attention=attention)
        .order_by("attention", "-created_at", "-pk")
    )


def revenue_refunds(user: User) -> QuerySet[Refund]:
    """Refunds of the bills the user's desk covers: failed first, then pending, then done."""
    attention = When_(
        When(status=RefundStatus.FAILED, then=Value(0)),
        When(status=RefundStatus.PENDING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Refund.objects.filter(bill__in=revenue_bills(user).values("pk"))
        .select_related("bill", "payment", "requested_by")
        .annotate(attention=attention)
        .order_by("attention", "-requested_at", "-pk")
    )


def bank_imports() -> QuerySet[BankImport]:
    """Imported bank files, newest first (a file spans every district)."""
    return BankImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")


def bank_import(pk: int) -> BankImport:
    found = bank_imports().filter(pk=pk).first()
    if found is None:
        raise NotFoundError("این فایل تسویه پیدا نشد.")
    return found
