"""A request's fees: computed from the service's fee rules, the form and the property with the
approved tariff book of the current year (ADR 0030), then adjusted by revenue staff only with
a reason. An assessment keeps its own lines: a later edit of the book never changes them.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.calculators import LineItem, PermitFacts, fixed_fees, permit_fees
from nama.billing.constants import AssessmentStatus, Purpose
from nama.billing.models import Assessment, AssessmentLine, BeneficiaryAccount, LineAdjustment
from nama.billing.tariffs import book_for, current_year
from nama.cases.models import Case
from nama.catalog.selectors import spec_of
from nama.core.problems import ConflictError, ForbiddenError
from nama.core.text import normalize_persian
from nama.parcels.models import Parcel

LIVE = (AssessmentStatus.PROPOSED, AssessmentStatus.ACCEPTED, AssessmentStatus.DISPUTED)
ADJUSTABLE = (AssessmentStatus.PROPOSED, AssessmentStatus.DISPUTED)
# The form answers a building's fees are computed from (D15, D16); without them, fixed fees.
BUILDING_FIELDS = ("floors", "use", "total_floor_area")


def live_assessment(case: Case) -> Assessment | None:
    """The request's current assessment (proposed, accepted or disputed), if any."""
    return Assessment.objects.filter(case=case, status__in=LIVE).first()


@transaction.atomic
def assess_case(*, case: Case, actor: User | None) -> Assessment:
    """Compute the fees of the service's ``fees:`` rules; the new assessment (proposed)
    supersedes a live proposed or disputed one. An accepted one is refused (its bills stand)."""
    locked_case = Case.objects.select_for_update().get(pk=case.pk)
    year = current_year()
    book = book_for(year)
    rules = list(spec_of(locked_case.service_version).fees)
    facts = permit_facts(locked_case)
    items = permit_fees(book, facts, rules) if facts else fixed_fees(book, rules)
    previous = live_assessment(locked_case)
    if previous is not None and previous.status == AssessmentStatus.ACCEPTED:
        raise ConflictError(
            "عوارض این درخواست پذیرفته و قبض آن صادر شده است؛ محاسبه دوباره ممکن نیست.",
            code="assessment_accepted",
        )
    if previous is not None:
        previous.status = AssessmentStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    priced = {item.rule for item in items}
    inputs = {
        "rules": rules,
        # Listed by the service but not applying here (no basement, no shortage, a fine the
        # Article 100 commission sets, a building fee of a service without building figures).
        "without_line": [rule for rule in rules if rule not in priced],
        "facts": _facts_json(facts),
        "parcel": _parcel_json(locked_case),
    }
    assessment = save_assessment(
        purpose=Purpose.PERMIT_FEES,
        payer=locked_case.owner_or_applicant,
        items=items,
        tariff_year=year,
        illustrative=book.illustrative,
        inputs=inputs,
        actor=actor,
        case=locked_case,
        parcel=locked_case.parcel,
    )
    if previous is not None:
        previous.superseded_by = assessment
        previous.save(update_fields=["superseded_by"])
    return assessment


def save_assessment(
    *,
    purpose: Purpose,
    payer: User,
    items: list[LineItem],
    tariff_year: int,
    illustrative: bool,
    inputs: dict[str, Any],
    actor: User | None,
    **subject: Any,
) -> Assessment:
    """Write an assessment and its lines (positions in order); accounts by code."""
    accounts = {account.code: account for account in BeneficiaryAccount.objects.all()}
    unknown = sorted({item.account for item in items} - set(accounts))
    if unknown:
        raise ValidationError(
            f"حساب ذی‌نفع «{'، '.join(unknown)}» تعریف نشده است؛ «nama tariffs sync» را اجرا کنید.",
            code="unknown_account",
        )
    assessment = Assessment.objects.create(
        purpose=purpose,
        payer=payer,
        tariff_year=tariff_year,
        illustrative=illustrative,
        total=max(0, sum(item.amount for item in items)),
        inputs=inputs,
        computed_by=actor,
        **subject,
    )
    AssessmentLine.objects.bulk_create(
        AssessmentLine(
            assessment=assessment,
            position=position,
            rule=item.rule,
            label=item.label[:200],
            account=accounts[item.account],
            amount=item.amount,
            computed_amount=item.amount,
            explanation=item.explanation,
            jalali_year=item.jalali_year,
        )
        for position, item in enumerate(items, start=1)
    )
    return assessment


def permit_facts(case: Case) -> PermitFacts | None:
    """The building figures of the request's form and property; None when the form has none
    (a service priced by fixed fees). Bad figures are refused with a Persian message."""
    form = case.form_data
    if any(form.get(name) in (None, "") for name in BUILDING_FIELDS):
        return None
    parcel = case.parcel
    if parcel is None:
        raise ValidationError("این درخواست به ملکی وصل نیست.", code="no_parcel")
    try:
        return PermitFacts(
            land_area=land_area(parcel),
            zone_code=parcel.zone.code if parcel.zone else None,
            district_number=parcel.district.number,
            allowed_density_percent=parcel.zone.density_percent if parcel.zone else None,
            use=form["use"],
            floors=int(form["floors"]),
            total_floor_area=Decimal(str(form["total_floor_area"])),
            units=int(form.get("units") or 1),
            parking_spaces=int(form.get("parking_spaces") or 0),
            has_basement=form.get("has_basement") is True,
            projection_area=Decimal(str(form.get("projection_area") or 0)),
        )
    except (TypeError, ValueError, InvalidOperation) as error:
        raise ValidationError(
            "ارقام ساختمان در فرم درخواست خوانا نیست.", code="bad_figures"
        ) from error


def land_area(parcel: Parcel) -> Decimal:
    """The deed area (else the measured area) of a parcel, in m²."""
    if parcel.deed_area:
        return Decimal(parcel.deed_area)
    if parcel.geometric_area:
        return Decimal(str(round(parcel.geometric_area, 2)))
    raise ValidationError("مساحت سند این ملک ثبت نشده است.", code="no_land_area")


def _facts_json(facts: PermitFacts | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in asdict(facts).items()
    }


def _parcel_json(case: Case) -> dict[str, Any] | None:
    parcel = case.parcel
    if parcel is None:
        return None
    return {"renewal_code": parcel.renewal_code, "zone": parcel.zone.code if parcel.zone else None}


@transaction.atomic
def adjust_line(*, line: AssessmentLine, actor: User, amount: int, reason: str) -> AssessmentLine:
    """Change one line's amount with a reason (a ``LineAdjustment`` keeps who, when, from
    what and why); only a revenue officer of the district, only before acceptance."""
    assessment = Assessment.objects.select_for_update().get(pk=line.assessment_id)
    if not can(actor, "billing.adjust", assessment):
        raise ForbiddenError("اصلاح عوارض این درخواست با شما نیست.", code="not_allowed")
    if assessment.status not in ADJUSTABLE:
        raise ConflictError(
            "این محاسبه دیگر اصلاح‌پذیر نیست (پذیرفته یا جایگزین شده است).",
            code="not_adjustable",
        )
    locked = AssessmentLine.objects.select_for_update().get(pk=line.pk, assessment=assessment)
    text = normalize_persian(reason or "").strip()
    _check_adjustment(locked, amount, text)
    LineAdjustment.objects.create(
        line=locked, old_amount=locked.amount, new_amount=amount, reason=text, actor=actor
    )
    locked.amount = amount
    locked.save(update_fields=["amount"])
    total = assessment.lines.aggregate(total=Sum("amount"))["total"] or 0
    if total < 0:
        raise ValidationError({"amount": ["با این مبلغ جمع عوارض منفی می‌شود."]})
    assessment.total = total
    assessment.save(update_fields=["total"])
    return locked


def _check_adjustment(line: AssessmentLine, amount: int, reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["دلیل اصلاح را بنویسید."]
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = ["مبلغ باید عدد صحیح ریال باشد."]
    elif (line.computed_amount >= 0 and amount < 0) or (line.computed_amount < 0 < amount):
        errors["amount"] = ["مبلغ ردیف تخفیف باید منفی و مبلغ دیگر ردیف‌ها نامنفی بماند."]
    elif amount == line.amount:
        errors["amount"] = ["مبلغ تازه با مبلغ کنونی یکی است."]
    if errors:
        raise ValidationError(errors)
