"""Writes of the counter (پیشخوان): a desk clerk registers a walk-in citizen's account and
starts a request for them (channel ``counter``). Filling it in, attaching the scans and
submitting are the cases app's services, which accept a counter clerk for the applicant.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nama.accounts.audit import record_event
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.models import User
from nama.accounts.services.registration import clean_name
from nama.cases.constants import Channel
from nama.cases.models import Case
from nama.cases.services import start_draft
from nama.catalog.models import Service
from nama.catalog.selectors import ServiceNotFoundError, is_available_in, service_detail
from nama.core.http import ClientInfo
from nama.core.identifiers import parse_renewal_code, validate_mobile, validate_national_id
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.counter.selectors import (
    clerk_districts,
    is_desk_clerk,
    is_pending_registration,
    registers_at_counter,
)
from nama.parcels.models import Parcel
from nama.parcels.selectors import owned_parcel, parcel_by_renewal_code
from nama.sms.services import send_sms

NOT_A_CLERK = "ثبت درخواست حضوری فقط کار کارمند پیشخوان منطقه است."
ALREADY_REGISTERED = "حسابی با این کد ملی از پیش وجود دارد؛ آن را جست‌وجو و تأیید کنید."
WELCOME = (
    "حساب شما در اصفهان‌نما در پیشخوان شهرداری ساخته شد. برای ورود، در بخش «ورود با کد "
    "پیامکی» کد ملی و همین شماره همراه را وارد کنید."
)
NOT_AT_COUNTER = "این خدمت از پیشخوان ثبت نمی‌شود؛ فقط به‌صورت برخط یا از سامانه همکار."
PARCEL_NOT_FOUND = "ملکی با این کد نوسازی در سامانه املاک پیدا نشد."
NOT_THE_OWNER = (
    "طبق سامانه املاک، این شهروند مالک این ملک نیست؛ درخواست را فقط مالک (یا نماینده او "
    "از راه اصفهان‌نما) می‌تواند ثبت کند."
)


def _require_clerk(actor: User) -> None:
    if not is_desk_clerk(actor):
        raise ForbiddenError(NOT_A_CLERK, code="not_a_desk_clerk")


# --- The walk-in citizen's account --------------------------------------------------------


@dataclass(frozen=True)
class WalkIn:
    national_id: str
    first_name: str
    last_name: str
    mobile: str


def clean_walk_in(*, national_id: str, first_name: str, last_name: str, mobile: str) -> WalkIn:
    """Validate every field at once; raise one ``ValidationError`` naming each bad field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    checks = [
        ("national_id", validate_national_id, national_id),
        ("first_name", lambda value: clean_name(value, "first_name"), first_name),
        ("last_name", lambda value: clean_name(value, "last_name"), last_name),
        ("mobile", validate_mobile, mobile),
    ]
    for field, check, raw in checks:
        try:
            values[field] = check(raw)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return WalkIn(**values)


def register_walk_in(
    *,
    actor: User,
    national_id: str,
    first_name: str,
    last_name: str,
    mobile: str,
    client: ClientInfo | None = None,
) -> User:
    """Create the account of a citizen who came to the counter without one.

    Active, with no usable password: the citizen signs in later with a one-time code sent to
    ``mobile`` (national ID + mobile), or sets a password through «فراموشی گذرواژه». An
    online registration never confirmed is taken over (the clerk saw the citizen's card). An
    account that exists is never changed (``ConflictError`` ``citizen_exists``). Audited as a
    registration by the clerk; the citizen is told by SMS.
    """
    _require_clerk(actor)
    walk_in = clean_walk_in(
        national_id=national_id, first_name=first_name, last_name=last_name, mobile=mobile
    )
    try:
        with transaction.atomic():
            existing = (
                User.objects.select_for_update().filter(national_id=walk_in.national_id).first()
            )
            if existing is not None and not is_pending_registration(existing):
                raise ConflictError(ALREADY_REGISTERED, code="citizen_exists")
            citizen = _save_account(existing, walk_in)
            record_event(
                SecurityEventKind.REGISTERED,
                client=client,
                actor=actor,
                subject=citizen,
                subject_key=walk_in.national_id,
                data={
                    "channel": Channel.COUNTER.value,
                    "districts": [d.pk for d in clerk_districts(actor)],
                    "took_over_pending": existing is not None,
                },
            )
            send_sms(to=citizen.mobile, text=WELCOME)
    except IntegrityError as error:  # the same national ID registered at the same moment
        raise ConflictError(ALREADY_REGISTERED, code="citizen_exists") from error
    return citizen


def _save_account(existing: User | None, walk_in: WalkIn) -> User:
    citizen = existing or User(kind=AccountKind.CITIZEN, national_id=walk_in.national_id)
    citizen.username = walk_in.national_id
    citizen.first_name = walk_in.first_name
    citizen.last_name = walk_in.last_name
    citizen.mobile = walk_in.mobile
    citizen.mobile_verified_at = None  # typed by the clerk, not confirmed by a code
    citizen.is_active = True
    citizen.set_unusable_password()
    citizen.save()
    return citizen


# --- The request ----------------------------------------------------------------------------


def start_counter_request(
    *,
    actor: User,
    citizen: User,
    renewal_code: str,
    service_code: str,
    idempotency_key: str = "",
) -> Case:
    """A draft request of ``service_code`` for the walk-in ``citizen`` about their property.

    The clerk serves only their own districts, the citizen must own the property per the
    registry (the clerk cannot override it), and the service must be offered at the counter
    in the property's district. Once per ``idempotency_key`` (the page's one-time token).
    """
    _require_clerk(actor)
    service = _counter_service(service_code)
    parcel = _walk_in_parcel(actor, citizen, renewal_code)
    if not is_available_in(service, parcel.district):
        raise ConflictError(
            f"این خدمت هنوز در {parcel.district.name} ارائه نمی‌شود.",
            code="service_not_available_here",
        )
    return start_draft(
        actor=actor,
        service_code=service.code,
        parcel=parcel,
        channel=Channel.COUNTER,
        walk_in=citizen,
        idempotency_key=idempotency_key,
    )


def _counter_service(code: str) -> Service:
    try:
        facts = service_detail(code)
    except ServiceNotFoundError as error:
        raise NotFoundError(error.detail, code="service_not_found") from error
    if not registers_at_counter(facts.spec):
        raise ConflictError(NOT_AT_COUNTER, code="service_not_at_counter")
    return facts.service


def _walk_in_parcel(actor: User, citizen: User, renewal_code: str) -> Parcel:
    try:
        parse_renewal_code(renewal_code)
    except ValidationError as error:
        raise ValidationError({"renewal_code": error.messages}) from error
    districts = clerk_districts(actor)
    parcel = owned_parcel(citizen, renewal_code)
    if parcel is not None:
        if not districts.filter(pk=parcel.district_id).exists():
            raise _outside(parcel.district.name)
        return parcel
    found = parcel_by_renewal_code(renewal_code)
    if found is None:
        raise NotFoundError(PARCEL_NOT_FOUND, code="parcel_not_found")
    if not districts.filter(name=found.district_name).exists():
        raise _outside(found.district_name)
    raise ForbiddenError(NOT_THE_OWNER, code="not_the_owner")


def _outside(district_name: str) -> ForbiddenError:
    return ForbiddenError(
        f"این ملک در {district_name} است؛ درخواست آن را پیشخوان همان منطقه ثبت می‌کند.",
        code="parcel_outside_district",
    )
