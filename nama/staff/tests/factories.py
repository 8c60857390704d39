"""Requests and people for the staff side's tests: requests waiting at the desk, online or
registered at the counter, and the staff of a district with their roles."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.constants import Channel
from nama.cases.models import Case
from nama.cases.services import start_draft, submit_case, update_form
from nama.cases.tests.builders import PERMIT_FORM, attach_required, in_days, owned_parcel
from nama.parcels.models import Parcel

_parcel_numbers = itertools.count(101)


def parcel_for(owner: User, district: int = 7) -> Parcel:
    """A new parcel of ``owner`` in ``district`` (a request per parcel: one open at a time)."""
    return owned_parcel(owner, f"{district}-1-1-{next(_parcel_numbers)}-0-0-0")


def _filled(actor: User, case: Case) -> Case:
    case = update_form(actor=actor, case=case, data={**PERMIT_FORM, "start_date": in_days(10)})
    attach_required(actor, case)
    return case


def online_request(owner: User | None = None, district: int = 7) -> Case:
    """A building-permit request filed online, waiting at the district's desk."""
    owner = owner or make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=parcel_for(owner, district))
    submitted = submit_case(actor=owner, case=_filled(owner, case))
    return refreshed(submitted)


def counter_request(citizen: User | None = None, district: int = 7) -> Case:
    """The same, registered at the counter by the district's desk clerk for a walk-in."""
    citizen = citizen or make_user()
    clerk = verified(staff_member(StaffRole.DESK_CLERK, district))
    case = start_draft(
        actor=clerk,
        service_code="D15",
        parcel=parcel_for(citizen, district),
        channel=Channel.COUNTER,
        walk_in=citizen,
    )
    return refreshed(submit_case(actor=clerk, case=_filled(clerk, case)))


def refreshed(case: Case) -> Case:
    return Case.objects.select_related("holder", "district", "workflow").get(pk=case.pk)


def set_deadline(case: Case, due: datetime | None) -> Case:
    """Move the request's step deadline (as if it entered the step earlier or later)."""
    Case.objects.filter(pk=case.pk).update(state_due_at=due)
    return refreshed(case)


def member(role: StaffRole, district: int | None = 7, **kwargs: Any) -> User:
    """A staff member with ``role`` in ``district`` (None: city-wide), second factor passed."""
    return verified(staff_member(role, district, **kwargs))


def hold_snapshot(case: Case) -> tuple[Any, ...]:
    """What a refused hold or action must leave as it was."""
    case.refresh_from_db()
    step = case.workflow.step if case.workflow else None
    return (case.holder_id, case.held_since, case.queue_role, case.status, step)


def clone_requests(template: Case, count: int, **varying: Any) -> list[Case]:
    """``count`` copies of a submitted request (its workflow instance too), written in bulk
    with new tracking codes and no parcel; ``varying`` maps a field to a function of the
    copy's index (e.g. ``channel=lambda i: …``). For tests that need many rows quickly."""
    from django.core.management.color import no_style
    from django.db import connection
    from django.db.models import Max

    from nama.cases.constants import CHANNEL_PRIORITY
    from nama.core.tracking import new_tracking_code
    from nama.workflow.models import WorkflowInstance

    instance = WorkflowInstance.objects.get(case=template)
    first_case = (Case.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    first_flow = (WorkflowInstance.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_tracking_code())
    flows, cases = [], []
    for index, code in enumerate(sorted(codes)):
        flow = WorkflowInstance(**{**_row(instance), "id": first_flow + index})
        flow.subject_id = first_case + index
        flows.append(flow)
        case = Case(**{**_row(template), "id": first_case + index, "tracking_code": code})
        case.parcel_id, case.workflow_id = None, flow.pk
        for name, value_of in varying.items():
            setattr(case, name, value_of(index))
        case.priority = CHANNEL_PRIORITY[Channel(case.channel)]
        cases.append(case)
    WorkflowInstance.objects.bulk_create(flows, batch_size=500)
    Case.objects.bulk_create(cases, batch_size=500)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Case, WorkflowInstance]):
            cursor.execute(statement)
    return cases


def _row(instance: Any) -> dict[str, Any]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}
