"""Reads of the counter (پیشخوان): who may serve walk-in citizens, the walk-in's account, the
services and properties a desk clerk may register, and the counter requests a clerk fills.

Every read here is for a verified desk clerk; anyone else gets nothing (or ``NotFoundError``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from nama.accounts.authz import can, districts_for, has_role
from nama.accounts.constants import AccountKind, StaffRole
from nama.accounts.models import User
from nama.cases.constants import CaseStatus, Channel
from nama.cases.models import Case
from nama.cases.selectors import case_for
from nama.catalog.constants import Channel as ServiceChannel
from nama.catalog.constants import ServiceKind, SubjectKind
from nama.catalog.schema import ServiceSpec
from nama.catalog.selectors import ServiceFacts, services_for_public
from nama.core.identifiers import validate_national_id
from nama.core.problems import ConflictError, NotFoundError
from nama.districts.models import District
from nama.parcels.models import Parcel
from nama.parcels.selectors import parcels_owned_by

NOT_FOUND = "این درخواست پیدا نشد."
DESK_CLERK = frozenset({StaffRole.DESK_CLERK})
NOT_A_CITIZEN = (
    "این کد ملی به حساب کارکنان یا سازمان همکار تعلق دارد؛ ثبت درخواست حضوری برای آن "
    "از پیشخوان ممکن نیست."
)
DISABLED = "حساب این شهروند غیرفعال شده است؛ برای فعال‌سازی با مدیر سامانه تماس بگیرید."


def clerk_districts(user: User) -> QuerySet[District]:
    """The districts where ``user`` serves at the counter (none unless a verified clerk)."""
    return districts_for(user, DESK_CLERK)


def is_desk_clerk(user: User) -> bool:
    """A verified desk clerk of at least one district (city-wide holdings included)."""
    return has_role(user, StaffRole.DESK_CLERK)


def is_pending_registration(account: User) -> bool:
    """An online registration never confirmed by its code: the counter may take it over.

    A disabled account differs: it was once used (signed in, mobile confirmed) or has no
    password (an account made at the counter, later disabled by an administrator).
    """
    return (
        account.kind == AccountKind.CITIZEN
        and not account.is_active
        and account.mobile_verified_at is None
        and account.last_login is None
        and account.has_usable_password()
    )


def walk_in_account(national_id: str) -> User | None:
    """The active citizen account with ``national_id`` (any digit script), None when there is
    none yet (or only an unconfirmed online registration, which the counter replaces).

    Raises ``ValidationError`` for an invalid national ID and ``ConflictError`` for an account
    the counter may not serve: a staff or partner account, or a disabled citizen.
    """
    account = User.objects.filter(national_id=validate_national_id(national_id)).first()
    if account is None or is_pending_registration(account):
        return None
    if account.kind != AccountKind.CITIZEN:
        raise ConflictError(NOT_A_CITIZEN, code="not_a_citizen_account")
    if not account.is_active:
        raise ConflictError(DISABLED, code="account_disabled")
    return account


def mask_name(name: str) -> str:
    """``مریم احمدی`` → ``مر•• اح•••``: enough for the citizen to recognise, not to read."""
    return " ".join(word[:2] + "•" * max(len(word) - 2, 1) for word in name.split())


# --- Services and properties -----------------------------------------------------------------


def registers_at_counter(spec: ServiceSpec) -> bool:
    """A request about a property that the service's definition offers at the counter."""
    return (
        spec.kind == ServiceKind.REQUEST
        and ServiceChannel.COUNTER in spec.channels
        and any(subject != SubjectKind.NONE for subject in spec.subjects)
    )


@dataclass(frozen=True)
class CounterService:
    code: str
    title: str
    districts: list[str]  # the clerk's districts where it is offered today


def counter_services(user: User) -> list[CounterService]:
    """Services the clerk may register: at the counter, offered in one of their districts."""
    mine = {district.pk: district.name for district in clerk_districts(user)}
    return [
        CounterService(facts.spec.code, facts.spec.title, _offered_in(facts, mine))
        for facts in services_for_public()
        if registers_at_counter(facts.spec) and _offered_in(facts, mine)
    ]


def _offered_in(facts: ServiceFacts, districts: dict[int, str]) -> list[str]:
    return [districts[d.pk] for d in facts.districts if d.pk in districts]


def citizen_parcels_here(user: User, citizen: User) -> QuerySet[Parcel]:
    """The citizen's parcels (per the registry) in the clerk's districts."""
    return parcels_owned_by(citizen).filter(district__in=clerk_districts(user))


# --- Counter requests --------------------------------------------------------------------------


def counter_case(user: User, tracking_code: str) -> Case:
    """A counter request a desk clerk of its district fills in; ``NotFoundError`` for anyone
    else (its citizen included: they follow it from their own pages)."""
    case = case_for(user, tracking_code)
    if case.channel != Channel.COUNTER:
        raise NotFoundError(NOT_FOUND)
    if not has_role(user, StaffRole.DESK_CLERK, case.district):
        raise NotFoundError(NOT_FOUND)
    if not can(user, "cases.fill", case):
        raise NotFoundError(NOT_FOUND)
    return case


def counter_drafts(user: User) -> QuerySet[Case]:
    """Drafts the clerk registered at the counter and has not submitted yet, newest first."""
    if not is_desk_clerk(user):
        return Case.objects.none()
    return (
        Case.objects.filter(
            registered_by=user,
            channel=Channel.COUNTER,
            status=CaseStatus.DRAFT,
            district__in=clerk_districts(user),
        )
        .select_related("service", "district", "parcel", "applicant")
        .order_by("-updated_at", "-pk")
    )
