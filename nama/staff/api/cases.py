"""A request's file, its workflow actions, internal notes and the colleagues it may go to."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from nama.accounts.api.common import problems
from nama.cases.services import act, post_message
from nama.staff.api.common import case_file_out, reloaded, staff_request
from nama.staff.api.router import router
from nama.staff.schemas import ActIn, CaseFileOut, ColleagueOut, NoteIn, NoteOut
from nama.staff.selectors import colleagues


@router.get(
    "/cases/{tracking_code}",
    response={200: CaseFileOut, **problems(401, 404)},
    summary="A request's file",
    description=(
        "The form with its labels, the documents (each with a download URL valid for you "
        "only, for a short time), the timeline, who held it when, internal notes, the "
        "conversation with the applicant, the workflow actions you may take now with the "
        "inputs each asks for, and what you may do about who holds it (`can`)."
    ),
)
def get_case(request: HttpRequest, tracking_code: str) -> CaseFileOut:
    user, case = staff_request(request, tracking_code)
    return case_file_out(user, case)


@router.post(
    "/cases/{tracking_code}/actions",
    response={200: CaseFileOut, **problems(401, 403, 404, 409, 422)},
    summary="Take a workflow action",
    description=(
        "One of the request's `actions` with its `inputs` (e.g. `return_for_correction` with "
        "`reason`, `fields`, `documents`). 403 `not_your_role` when your role does not act in "
        "this step; 409 `held_by_other` when a colleague holds the request, "
        "`action_not_available`, `changed_meanwhile` (send `expected_step`) or "
        "`guard_refused` with the reason; 422 naming each bad input. The request leaves the "
        "holder's hands with the step."
    ),
)
def take_action(request: HttpRequest, tracking_code: str, payload: ActIn) -> CaseFileOut:
    user, case = staff_request(request, tracking_code)
    act(
        actor=user,
        case=case,
        action=payload.action.strip(),
        inputs=payload.inputs,
        comment=payload.comment,
        expected_step=payload.expected_step,
    )
    return case_file_out(user, reloaded(user, case))


@router.post(
    "/cases/{tracking_code}/notes",
    response={201: NoteOut, **problems(401, 404, 422)},
    summary="Write an internal note",
    description="Staff of the district read it; the applicant never does.",
)
def add_note(request: HttpRequest, tracking_code: str, payload: NoteIn) -> Status[NoteOut]:
    user, case = staff_request(request, tracking_code)
    note = post_message(actor=user, case=case, body=payload.body, internal=True)
    return Status(
        201,
        NoteOut(
            author=user.display_name, from_staff=True, body=note.body, created_at=note.created_at
        ),
    )


@router.get(
    "/cases/{tracking_code}/colleagues",
    response={200: list[ColleagueOut], **problems(401, 404)},
    summary="Who the request may be given to",
    description=(
        "Active staff holding the role of the request's current step in its district, with "
        "how many requests of that role each holds now. Name one by `username` to assign."
    ),
)
def list_colleagues(request: HttpRequest, tracking_code: str) -> list[ColleagueOut]:
    user, case = staff_request(request, tracking_code)
    return [
        ColleagueOut(
            username=member.username,
            name=member.display_name,
            holding=getattr(member, "holding", 0),
            holds_this=member.pk == case.holder_id,
            you=member.pk == user.pk,
        )
        for member in colleagues(case)
    ]
