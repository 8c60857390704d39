"""What staff see: their work queue and search over their districts' requests.

Scoping is by role and district (``active_roles``: only a session verified with the second
factor has any); a request shows in a queue when its current state is acted on by a role the
user holds in its district. The order is the seed's rule (ADR 0025).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from nama.accounts.authz import active_roles, can, districts_for
from nama.accounts.models import User
from nama.cases.constants import CaseStatus, Channel
from nama.cases.models import Case
from nama.core.identifiers import parse_renewal_code, validate_national_id
from nama.core.problems import NotFoundError
from nama.core.text import normalize_digits
from nama.core.tracking import parse_tracking_code
from nama.parcels.models import ParcelCode
from nama.workflow.roles import STAFF_ROLES

QUEUE_ORDER = (
    "ترتیب کارتابل: نخست درخواست‌های برخط اصفهان‌نما، سپس به ترتیب مهلت مرحله "
    "(گذشته از مهلت در صدر)، سپس قدیمی‌ترها."
)
NOT_FOUND = "این درخواست پیدا نشد."
HolderFilter = Literal["", "me", "unassigned"]


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page and the API filter by (all optional)."""

    service: str = ""  # a service code (D15)
    state: str = ""  # a workflow state code
    channel: str = ""  # online / counter / partner
    overdue: bool = False
    holder: HolderFilter = ""
    search: str = ""  # tracking code, renewal code or national ID, any digits


def queue_scope(user: User) -> Q:
    """(district, role) pairs the user works in, as one filter; nothing for non-staff."""
    scope = Q(pk__in=[])
    for assignment in active_roles(user):
        if assignment.role not in STAFF_ROLES:
            continue
        pair = Q(queue_role=assignment.role)
        if assignment.district_id is not None:
            pair &= Q(district_id=assignment.district_id)
        scope |= pair
    return scope


def _ordered(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.order_by("priority", F("state_due_at").asc(nulls_last=True), "submitted_at", "pk")


def _with_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        "service", "district", "parcel", "applicant", "owner", "holder", "workflow__definition"
    )


def work_queue(user: User, filters: QueueFilters | None = None) -> QuerySet[Case]:
    """The user's queue: requests whose current step their roles act on, in queue order."""
    filters = filters or QueueFilters()
    cases = Case.objects.filter(queue_scope(user))
    cases = _filtered(cases, filters, user)
    return _with_relations(_ordered(cases))


def _filtered(cases: QuerySet[Case], filters: QueueFilters, user: User) -> QuerySet[Case]:
    if filters.service:
        cases = cases.filter(service__code=filters.service)
    if filters.state:
        cases = cases.filter(workflow__state=filters.state)
    if filters.channel in Channel.values:
        cases = cases.filter(channel=filters.channel)
    if filters.overdue:
        cases = cases.filter(state_due_at__lt=timezone.now())
    if filters.holder == "me":
        cases = cases.filter(holder=user)
    elif filters.holder == "unassigned":
        cases = cases.filter(holder__isnull=True)
    if filters.search:
        cases = cases.filter(search_filter(filters.search))
    return cases


def search_filter(text: str) -> Q:
    """A tracking code, a renewal code or a national ID (Persian/Arabic digits accepted)."""
    value = normalize_digits(text).strip()
    try:
        return Q(tracking_code=parse_tracking_code(value))
    except ValidationError:
        pass
    digits = value.replace("-", "")
    if digits.isdigit() and len(digits) == 10:
        try:
            nid = validate_national_id(digits)
        except ValidationError:
            pass
        else:
            return Q(applicant__national_id=nid) | Q(owner__national_id=nid)
    try:
        parsed = parse_renewal_code(value)
    except ValidationError:
        return Q(pk__in=[])
    # The parcel's code, or the code of the parcel it is (the building/unit parts dropped).
    key = f"{parsed.district}-{parsed.region}-{parsed.block}-{parsed.parcel}-0-0-0"
    former = ParcelCode.objects.filter(renewal_code__in={str(parsed), key}).values("parcel_id")
    return Q(parcel__renewal_code__in={str(parsed), key}) | Q(parcel_id__in=former)


def staff_cases(user: User) -> QuerySet[Case]:
    """Every submitted request in the districts where the user holds a role."""
    return _with_relations(
        Case.objects.filter(district__in=districts_for(user)).exclude(status=CaseStatus.DRAFT)
    ).order_by("-submitted_at", "-pk")


def search(user: User, text: str) -> QuerySet[Case]:
    """Search the user's districts (not only their queue)."""
    return staff_cases(user).filter(search_filter(text))


def staff_case(user: User, tracking_code: str) -> Case:
    """A request of the user's districts by code; ``NotFoundError`` otherwise (as for a code
    that does not exist)."""
    try:
        code = parse_tracking_code(tracking_code)
    except ValidationError as error:
        raise NotFoundError(NOT_FOUND) from error
    case = staff_cases(user).filter(tracking_code=code).first()
    if case is None or not can(user, "cases.view", case):
        raise NotFoundError(NOT_FOUND)
    return case


def colleagues(case: Case) -> QuerySet[User]:
    """Who may be given the request: active staff holding its current role in its district."""
    from nama.accounts.authz import staff_with_role
    from nama.accounts.constants import StaffRole

    if case.queue_role not in StaffRole.values:
        return User.objects.none()
    return staff_with_role(StaffRole(case.queue_role), case.district).order_by(
        "last_name", "first_name", "pk"
    )
