"""What staff see: their work queue and search over their districts' requests.

Scoping is by role and district (``active_roles``: only a session verified with the second
factor has any); a request shows in a queue when its current state is acted on by a role the
user holds in its district. The order is the seed's rule (ADR 0025): online first, then the
state's deadline (overdue first, none last), then the oldest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from nama.accounts.authz import active_roles, can, districts_for, staff_with_role
from nama.accounts.constants import AccountKind, StaffRole
from nama.accounts.models import User
from nama.cases.constants import CaseStatus, Channel
from nama.cases.models import Case
from nama.core.identifiers import parse_renewal_code, validate_national_id
from nama.core.problems import NotFoundError
from nama.core.text import normalize_digits
from nama.core.tracking import parse_tracking_code
from nama.parcels.models import ParcelCode
from nama.workflow.definitions import StateDef
from nama.workflow.engine import definition_of
from nama.workflow.roles import STAFF_ROLES

QUEUE_ORDER = (
    "ترتیب کارتابل: نخست درخواست‌های برخط اصفهان‌نما، سپس به ترتیب مهلت مرحله "
    "(گذشته از مهلت در صدر، بی‌مهلت‌ها در پایان)، سپس قدیمی‌ترها."
)
NOT_FOUND = "این درخواست پیدا نشد."
PAGE_SIZE = 25
MANAGING_ROLES = frozenset({StaffRole.DISTRICT_MANAGER, StaffRole.SYSTEM_ADMIN})
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


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue: its requests in order, and how many match in all."""

    items: list[Case]
    count: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.count


def is_staff_member(user: User) -> bool:
    """Does the user hold any staff role now (second factor passed)?"""
    return active_roles(user).exists()


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
    # priority, state_due_at, submitted_at are case_queue_idx's columns after the scope's.
    return cases.order_by("priority", F("state_due_at").asc(nulls_last=True), "submitted_at", "pk")


# What a list of requests shows: the request with its property, people and workflow state
# joined (one row each), the few services, districts and workflow definitions a page shares
# fetched once each (fewer joins: PostgreSQL plans a nine-table join slower than it runs it),
# and not the large columns nobody lists.
LIST_RELATIONS = ("parcel", "applicant", "owner", "holder", "workflow")
LIST_SHARED = ("service", "district", "workflow__definition")
LIST_DEFERRED = ("form_history", "parcel__geometry", "parcel__plate_main", "parcel__plate_sub")


def _listed(cases: QuerySet[Case]) -> QuerySet[Case]:
    return (
        cases.select_related(*LIST_RELATIONS).prefetch_related(*LIST_SHARED).defer(*LIST_DEFERRED)
    )


def _with_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        *LIST_RELATIONS,
        "service",
        "district",
        "registered_by",
        "service_version",
        "workflow__definition",
    )


def queue_rows(user: User, filters: QueueFilters | None = None) -> QuerySet[Case]:
    """The user's queue in order, without the related rows (the page's ids come from it)."""
    cases = Case.objects.filter(queue_scope(user))
    return _ordered(_filtered(cases, filters or QueueFilters(), user))


def work_queue(user: User, filters: QueueFilters | None = None) -> QuerySet[Case]:
    """The user's queue: requests whose current step their roles act on, in queue order.

    For a page of it use ``queue_page``: slicing this queryset makes the database join every
    row of the queue before sorting (SQLite cannot read NULLS LAST off the index).
    """
    return _listed(queue_rows(user, filters))


def listed(ids: list[int]) -> QuerySet[Case]:
    """The requests ``ids`` with what a list shows of them, in queue order."""
    return _ordered(_listed(Case.objects.filter(pk__in=ids)))


def page_of(rows: QuerySet[Case], *, offset: int = 0, limit: int = PAGE_SIZE) -> QueuePage:
    """A page of ``rows`` (an ordered queryset of requests) and the total.

    The page's ids come from the order alone — case_queue_idx covers the queue's scope and
    order, so the database reads the index, not the table — and only those rows are then
    read with their related rows, by primary key (a "deferred join"; a subquery in place of
    the id list leads PostgreSQL's planner to join the whole table first). Queries: the ids,
    the rows, the services, districts and workflow definitions they share, the count.
    """
    ids = list(rows.values_list("pk", flat=True)[offset : offset + limit])
    found = {case.pk: case for case in listed(ids)} if ids else {}
    items = [found[pk] for pk in ids if pk in found]
    count = rows.count() if ids or offset else 0
    return QueuePage(items=items, count=count, offset=offset, limit=limit)


def queue_page(
    user: User, filters: QueueFilters | None = None, *, offset: int = 0, limit: int = PAGE_SIZE
) -> QueuePage:
    """A page of the user's queue (see ``page_of``)."""
    return page_of(queue_rows(user, filters), offset=offset, limit=limit)


def district_work(user: User, filters: QueueFilters | None = None) -> QuerySet[Case]:
    """Every request waiting for a staff step in the districts the user manages (district
    manager; system administrators: every district), in queue order; for bulk reassignment."""
    managed = districts_for(user, MANAGING_ROLES)
    cases = Case.objects.filter(district__in=managed, queue_role__in=STAFF_ROLES)
    return _ordered(_filtered(cases, filters or QueueFilters(), user))


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
    national_id = _national_id(value)
    if national_id:
        people = User.objects.filter(national_id=national_id).values("pk")
        return Q(applicant__in=people) | Q(owner__in=people)
    try:
        parsed = parse_renewal_code(value)
    except ValidationError:
        return Q(pk__in=[])
    # The parcel's code, or the code of the parcel it is (the building/unit parts dropped),
    # now or before a change of code.
    codes = {str(parsed), f"{parsed.district}-{parsed.region}-{parsed.block}-{parsed.parcel}-0-0-0"}
    former = ParcelCode.objects.filter(renewal_code__in=codes).values("parcel_id")
    return Q(parcel__renewal_code__in=codes) | Q(parcel_id__in=former)


def _national_id(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "")
    if not (digits.isdigit() and len(digits) == 10):
        return ""
    try:
        return validate_national_id(digits)
    except ValidationError:
        return ""


def _districts_of(user: User) -> Q:
    """The active districts where the user holds any staff role (all for city-wide roles),
    read in one query as a literal list (a simpler query than ``districts_for``'s subquery)."""
    held = {assignment.district_id for assignment in active_roles(user)}
    scope = Q(district__is_active=True)
    return scope if None in held else scope & Q(district_id__in=sorted(held))


def _submitted_in_districts(user: User) -> QuerySet[Case]:
    return Case.objects.filter(_districts_of(user)).exclude(status=CaseStatus.DRAFT)


def staff_cases(user: User) -> QuerySet[Case]:
    """Every submitted request in the districts where the user holds a role, newest first."""
    return _with_relations(_submitted_in_districts(user)).order_by("-submitted_at", "-pk")


def search(user: User, text: str) -> QuerySet[Case]:
    """Search the user's districts (not only their queue), newest first, as a list shows them."""
    cases = _submitted_in_districts(user).filter(search_filter(text))
    return _listed(cases).order_by("-submitted_at", "-pk")


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


def state_of(case: Case) -> StateDef | None:
    """The workflow state the request is in (None before submission)."""
    instance = case.workflow
    if instance is None:
        return None
    return definition_of(instance.definition).state(instance.state)


def state_label(case: Case) -> str:
    """The current state's name as staff know it (e.g. «بررسی مدارک در پیشخوان»)."""
    state = state_of(case)
    return state.label if state is not None else ""


def colleagues(case: Case) -> QuerySet[User]:
    """Who may be given the request: active staff holding its current role in its district,
    each with ``holding``: how many requests of that role they hold now."""
    if case.queue_role not in StaffRole.values:
        return User.objects.none()
    holding = Count("cases_held", filter=Q(cases_held__queue_role=case.queue_role), distinct=True)
    return (
        staff_with_role(StaffRole(case.queue_role), case.district)
        .annotate(holding=holding)
        .order_by("last_name", "first_name", "username")
    )


def colleague(case: Case, username: str) -> User | None:
    """The colleague named by ``username`` (their public identifier), or None."""
    return colleagues(case).filter(username=username.strip()).first()


def staff_member_named(username: str) -> User | None:
    """An active staff member by username (their public identifier), or None."""
    return User.objects.filter(
        username=username.strip(), kind=AccountKind.STAFF, is_active=True
    ).first()
