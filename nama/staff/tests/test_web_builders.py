"""Builders shared by the staff pages' tests (no tests here): requests waiting in District 7's
desk queue, signed-in verified staff, and a snapshot of everything a refusal must leave as
it was."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member
from nama.cases.constants import CHANNEL_PRIORITY, Channel
from nama.cases.models import Case
from nama.cases.tests.builders import owned_parcel, submitted
from nama.core.testing.html import Outline, outline
from nama.staff.models import HoldEvent

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def waiting(count: int = 1, *, owner: User | None = None, first: int = 1) -> list[Case]:
    """``count`` submitted building-permit requests of District 7 (desk check), one parcel
    each (parcels ``7-1-1-<n>-0-0-0`` from ``first``)."""
    owner = owner or make_user()
    return [
        submitted(owner, owned_parcel(owner, code=f"7-1-1-{number}-0-0-0"))
        for number in range(first, first + count)
    ]


def at_counter(case: Case) -> Case:
    """The same request as if registered at the district's counter."""
    Case.objects.filter(pk=case.pk).update(
        channel=Channel.COUNTER, priority=CHANNEL_PRIORITY[Channel.COUNTER]
    )
    case.refresh_from_db()
    return case


def overdue(case: Case, days: int = 3) -> Case:
    """The request's current step past its deadline by ``days``."""
    Case.objects.filter(pk=case.pk).update(state_due_at=timezone.now() - timedelta(days=days))
    case.refresh_from_db()
    return case


def signed_in(client: Client, role: StaffRole = StaffRole.DESK_CLERK, district: int = 7) -> User:
    """A new staff member holding ``role`` in ``district``, signed in with the second factor."""
    return sign_in_verified(client, staff_member(role, district))


def state(case: Case) -> tuple[object, ...]:
    """What any staff action could change: hold, workflow step and state, status,
    corrections, messages and hold history."""
    case.refresh_from_db()
    workflow = case.workflow
    return (
        case.holder_id,
        case.held_since,
        workflow.step if workflow else None,
        workflow.state if workflow else None,
        case.status,
        case.corrections,
        case.messages.count(),
        HoldEvent.objects.filter(case=case).count(),
    )


def page_of(response: object) -> Outline:
    content = getattr(response, "content", b"")
    return outline(content)


def row_codes(page: Outline) -> list[str]:
    """The tracking codes of the queue's rows, in the order shown."""
    return [
        element.attrs["data-tracking-code"]
        for element in page.find_all("tr")
        if "data-tracking-code" in element.attrs
    ]


def shown(case: Case) -> str:
    """The tracking code as the pages show it: grouped, Persian digits."""
    code = case.tracking_code
    return f"{code[:4]}-{code[4:8]}-{code[8:]}".translate(PERSIAN)
