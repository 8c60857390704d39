"""The work queue (کارتابل): the member's requests in queue order, filters and search, 25 a
page. An htmx request (the filter form, the pager) gets only the results part.

The page's queries do not grow with its rows: a page of rows comes with its relations in one
query (``selectors.queue_page``), buttons are chosen from the ``Workspace`` read once, and
colleagues are read once per (role, district) pair on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from nama.accounts.models import User
from nama.cases.models import Case
from nama.core.text import to_persian_digits
from nama.staff.forms import SCOPE_DISTRICT, QueueFilterForm
from nama.staff.selectors import (
    QUEUE_ORDER,
    QueuePage,
    colleagues,
    district_work,
    page_of,
    queue_page,
    search,
    state_label,
)
from nama.staff.views._data import Workspace, filter_options
from nama.staff.views.common import staff_page
from nama.workflow.roles import ROLE_LABELS, STAFF_ROLES

PAGE_SIZE = 25
MAX_ELSEWHERE = 10  # a search also lists the district's other matches, this many at most
Team = dict[tuple[str, int], list[User]]


@dataclass(frozen=True)
class QueueRow:
    """One request in the queue with what the member may do on it from here."""

    case: Case
    state_label: str
    overdue: bool
    mine: bool
    may_claim: bool
    may_release: bool
    may_assign: bool
    may_bulk: bool
    colleagues: list[User]


def _team(team: Team, case: Case) -> list[User]:
    key = (case.queue_role, case.district_id)
    if key not in team:
        team[key] = list(colleagues(case))
    return team[key]


def _others(people: list[User], skip: set[int | None]) -> list[User]:
    return [person for person in people if person.pk not in skip]


def queue_rows(workspace: Workspace, cases: list[Case], team: Team) -> list[QueueRow]:
    now = timezone.now()
    me = workspace.user.pk
    rows = []
    for case in cases:
        works, manages = workspace.works_on(case), workspace.manages(case)
        held = case.holder_id is not None
        may_assign = manages or (works and case.holder_id in {None, me})
        rows.append(
            QueueRow(
                case=case,
                state_label=state_label(case),
                overdue=case.state_due_at is not None and case.state_due_at < now,
                mine=case.holder_id == me,
                may_claim=works and not held,
                may_release=held and (case.holder_id == me or manages),
                may_assign=may_assign,
                may_bulk=manages,
                colleagues=_others(_team(team, case), {me, case.holder_id}) if may_assign else [],
            )
        )
    return rows


def bulk_choices(team: Team) -> list[tuple[str, str]]:
    """Everyone a request on the page may go to: (username, «name — role»), once each."""
    choices: dict[str, str] = {}
    for (role, _district), people in sorted(team.items()):
        for person in people:
            holding = to_persian_digits(str(getattr(person, "holding", 0)))
            label = f"{person.display_name} — {ROLE_LABELS[role]} ({holding} در دست)"
            choices.setdefault(person.username, label)
    return sorted(choices.items(), key=lambda item: item[1])


@dataclass(frozen=True)
class Pager:
    """Where a page sits among the queue's pages (numbers from 1)."""

    number: int
    count: int  # how many requests match in all

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def previous(self) -> int:
        return self.number - 1

    @property
    def next(self) -> int:
        return self.number + 1 if self.number < self.pages else 0


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return max(1, min(int(raw), 10_000)) if raw.isascii() and raw.isdigit() else 1


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@staff_page
@require_safe
def queue(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """The queue page (or, for htmx, its results part)."""
    user = workspace.user
    district = workspace.is_manager and request.GET.get("scope") == SCOPE_DISTRICT
    options = filter_options(frozenset(STAFF_ROLES) if district else workspace.role_codes)
    form = QueueFilterForm(
        request.GET,
        services=options.services,
        states=options.states,
        manager=workspace.is_manager,
    )
    filters = form.filters()
    number = _page_number(request)
    offset = (number - 1) * PAGE_SIZE
    page: QueuePage = (
        page_of(district_work(user, filters), offset=offset, limit=PAGE_SIZE)
        if district
        else queue_page(user, filters, offset=offset, limit=PAGE_SIZE)
    )
    team: Team = {}
    rows = queue_rows(workspace, page.items, team)
    listed = {case.pk for case in page.items}
    elsewhere = (
        [case for case in search(user, filters.search)[:MAX_ELSEWHERE] if case.pk not in listed]
        if filters.search
        else []
    )
    context: dict[str, Any] = {
        "form": form,
        "rows": rows,
        "pager": Pager(number, page.count),
        "order_rule": QUEUE_ORDER,
        "district_scope": district,
        "filtered": form.active,
        "query": _query_without_page(request),
        "here": request.get_full_path(),
        "bulk": workspace.is_manager and any(row.may_bulk for row in rows),
        "bulk_people": bulk_choices(team),
        "elsewhere": [(case, state_label(case)) for case in elsewhere],
    }
    template = "staff/partials/queue_results.html" if _is_htmx(request) else "staff/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
