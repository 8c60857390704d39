"""Who works on a request: claim, release, assign to a colleague, bulk reassignment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from nama.accounts.api.common import problems
from nama.accounts.models import User
from nama.cases.models import Case
from nama.staff.api.common import hold_out, staff_request, staff_user
from nama.staff.api.router import router
from nama.staff.schemas import AssignIn, BulkOut, BulkReassignIn, HoldOut, ReasonIn, StaffRefOut
from nama.staff.selectors import colleague, staff_case, staff_member_named
from nama.staff.services import assign, bulk_reassign, claim, release

NOT_A_COLLEAGUE = "همکاری با این نام کاربری نقش این مرحله را در منطقهٔ درخواست ندارد."


def _colleague(case: Case, username: str) -> User:
    member = colleague(case, username)
    if member is None:
        raise ValidationError({"to": [NOT_A_COLLEAGUE]})
    return member


@router.post(
    "/cases/{tracking_code}/claim",
    response={200: HoldOut, **problems(401, 403, 404, 409)},
    summary="Take the request from the queue",
    description=(
        "One person at a time: 409 `held_by_other` (naming who) if a colleague holds it; "
        "claiming what you hold changes nothing. 403 `not_your_step` when your role does "
        "not act in its current step."
    ),
)
def claim_case(request: HttpRequest, tracking_code: str) -> HoldOut:
    user, case = staff_request(request, tracking_code)
    return hold_out(claim(actor=user, case=case))


@router.post(
    "/cases/{tracking_code}/release",
    response={200: HoldOut, **problems(401, 403, 404, 409, 422)},
    summary="Put the request back in the shared queue",
    description=(
        "By its holder, or a district manager for anyone's; optional `reason`. 409 "
        "`held_by_other` for a colleague's request; 403 `not_your_step` for another role."
    ),
)
def release_case(
    request: HttpRequest, tracking_code: str, payload: ReasonIn | None = None
) -> HoldOut:
    user, case = staff_request(request, tracking_code)
    reason = payload.reason if payload else ""
    return hold_out(release(actor=user, case=case, reason=reason))


@router.post(
    "/cases/{tracking_code}/assign",
    response={200: HoldOut, **problems(401, 403, 404, 409, 422)},
    summary="Give the request to a colleague",
    description=(
        "`to`: the username of a colleague with the role of the current step in the "
        "request's district (see `/colleagues`); they are notified. The holder (or anyone of "
        "the role while nobody holds it) may hand it on; a district manager may move it "
        "whoever holds it."
    ),
)
def assign_case(request: HttpRequest, tracking_code: str, payload: AssignIn) -> HoldOut:
    user, case = staff_request(request, tracking_code)
    to = _colleague(case, payload.to)
    return hold_out(assign(actor=user, case=case, to=to, reason=payload.reason))


@router.post(
    "/bulk-reassign",
    response={200: BulkOut, **problems(401, 403, 404, 409, 422)},
    summary="Move several requests to one colleague (district managers)",
    description=(
        "All of them move, or none: 404 if a code is not a request of your districts, 403 "
        "`not_a_manager` unless you manage each one's district, 422 if the colleague lacks "
        "a request's current role there. `reason` is required."
    ),
)
def bulk(request: HttpRequest, payload: BulkReassignIn) -> BulkOut:
    user = staff_user(request)
    cases = [staff_case(user, code) for code in dict.fromkeys(payload.codes)]
    to = staff_member_named(payload.to)
    if to is None:
        raise ValidationError({"to": [NOT_A_COLLEAGUE]})
    moved = bulk_reassign(actor=user, cases=cases, to=to, reason=payload.reason)
    return BulkOut(reassigned=moved, holder=StaffRefOut(username=to.username, name=to.display_name))
