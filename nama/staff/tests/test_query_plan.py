"""The database's own plan for the queue's first page and for the search by tracking code,
with twelve thousand requests and fresh statistics: case_queue_idx, resp. the unique index on
the tracking code — never a scan of the whole table. Runs on SQLite (EXPLAIN QUERY PLAN) and
on PostgreSQL (EXPLAIN)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.districts.models import District
from nama.staff.selectors import listed, queue_rows, search
from nama.staff.tests.factories import clone_requests, member, online_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
ROWS = 12_000
ROLES = ["desk_clerk", "planning_officer", "visit_agent", "revenue_officer", "applicant", ""]
POSTGRES = connection.vendor == "postgresql"


def _plan(query: Any) -> str:
    sql, params = query.query.sql_with_params()
    prefix = "EXPLAIN" if POSTGRES else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _full_scan(plan: str) -> bool:
    return "Seq Scan on cases_case" in plan if POSTGRES else "SCAN cases_case" in plan


def _indexes_on(column: str) -> set[str]:
    """The names of cases_case's indexes on ``column`` alone: its unique index (SQLite names
    an inline UNIQUE's index itself) and, on PostgreSQL, the ``varchar_pattern_ops`` twin
    Django creates beside it — the planner may take either for an equality."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "cases_case")
        names = {name for name, info in constraints.items() if info["columns"] == [column]}
        if not POSTGRES:
            cursor.execute("PRAGMA index_list('cases_case')")
            for _seq, name, *_rest in cursor.fetchall():
                cursor.execute(f"PRAGMA index_info('{name}')")
                if [row[2] for row in cursor.fetchall()] == [column]:
                    names.add(str(name))
    return names


def _many_requests() -> Any:
    """Thousands of requests over the 15 districts, roles, channels and deadlines."""
    template = online_request()
    districts = list(District.objects.filter(number__isnull=False).values_list("pk", flat=True))
    now = timezone.now()
    clone_requests(
        template,
        ROWS,
        district_id=lambda i: districts[i % len(districts)],
        queue_role=lambda i: ROLES[(i // len(districts)) % len(ROLES)],
        channel=lambda i: ("online", "counter", "partner")[i % 3],
        state_due_at=lambda i: None if i % 50 == 0 else now + timedelta(hours=i % 97 - 30),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return template


def test_the_queue_page_and_the_search_read_their_indexes() -> None:
    template = _many_requests()
    clerk = member(StaffRole.DESK_CLERK)
    # The first page: its ids in queue order off case_queue_idx …
    ids = queue_rows(clerk).values_list("pk", flat=True)[:25]
    plan = _plan(ids)
    assert "case_queue_idx" in plan, plan
    assert not _full_scan(plan), plan
    # … then those rows with their related rows, by id.
    page = _plan(listed(list(ids)))
    by_id = "cases_case_pkey" if POSTGRES else "SEARCH cases_case USING INTEGER PRIMARY KEY"
    assert by_id in page, page
    # The search by tracking code: an index on the code.
    found = _plan(search(clerk, template.tracking_code)[:25])
    assert any(f" {name} " in f" {found} " for name in _indexes_on("tracking_code")), found
    assert not _full_scan(found), found
