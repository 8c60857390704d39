"""The work queue and the search over the caller's districts."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query

from nama.accounts.api.common import problems
from nama.core.text import normalize_digits
from nama.staff.api.common import queue_item, staff_user
from nama.staff.api.router import router
from nama.staff.schemas import QueueOut, QueueQuery, SearchOut, SearchQuery
from nama.staff.selectors import QUEUE_ORDER, QueueFilters, district_work, page_of, queue_rows
from nama.staff.selectors import search as search_cases


def _filters(query: QueueQuery) -> QueueFilters:
    return QueueFilters(
        service=normalize_digits(query.service).strip().upper(),
        state=query.state.strip(),
        channel=query.channel,
        overdue=query.overdue,
        holder=query.holder,
        search=query.q.strip(),
    )


@router.get(
    "/queue",
    response={200: QueueOut, **problems(401, 404, 422)},
    summary="My work queue",
    description=(
        "Requests whose current step your roles act on in your districts, in the queue's "
        "order (`order` says it in Persian): online requests first, then by the step's "
        "deadline (overdue first, none last), then the oldest. `scope=district` lists every "
        "request waiting for staff in the districts you manage. 404 for anyone without a "
        "staff role (or before the second factor)."
    ),
)
def get_queue(request: HttpRequest, query: Query[QueueQuery]) -> QueueOut:
    user = staff_user(request)
    filters = _filters(query)
    rows = district_work(user, filters) if query.scope == "district" else queue_rows(user, filters)
    page = page_of(rows, offset=query.offset, limit=query.limit)
    return QueueOut(
        order=QUEUE_ORDER,
        count=page.count,
        offset=page.offset,
        limit=page.limit,
        items=[queue_item(case, user) for case in page.items],
    )


@router.get(
    "/search",
    response={200: SearchOut, **problems(401, 404, 422)},
    summary="Find a request in my districts",
    description=(
        "By tracking code, renewal code (the parcel's, or a unit's on it) or the applicant's "
        "or owner's national ID, in any digit script; every submitted request of your "
        "districts, not only your queue. Newest first."
    ),
)
def search(request: HttpRequest, query: Query[SearchQuery]) -> SearchOut:
    user = staff_user(request)
    cases = search_cases(user, query.q)
    found = list(cases[query.offset : query.offset + query.limit])
    return SearchOut(
        count=cases.count() if found or query.offset else 0,
        offset=query.offset,
        limit=query.limit,
        items=[queue_item(case, user) for case in found],
    )
