"""What the staff API's operations share: who is asking, and how a request is written out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nama.accounts.api_auth import current_user
from nama.accounts.models import User
from nama.accounts.schemas import DistrictOut
from nama.cases.models import Case, CaseMessage
from nama.cases.schemas import LabelledOut
from nama.core.problems import NotFoundError
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.staff.casefile import CaseFile, DocumentItem, Step, case_file, is_overdue
from nama.staff.models import HoldEvent
from nama.staff.schemas import (
    AnswerOut,
    CaseDocumentOut,
    CaseFileOut,
    HoldEventOut,
    HoldOptionsOut,
    HoldOut,
    InputChoiceOut,
    InputOut,
    NoteOut,
    PropertyBriefOut,
    QueueItemOut,
    QueueServiceOut,
    StaffRefOut,
    TimelineStepOut,
    WorkflowActionOut,
)
from nama.staff.selectors import is_staff_member, staff_case, state_of
from nama.workflow.roles import ROLE_LABELS

NOT_FOUND = "پیدا نشد."


def staff_user(request: HttpRequest) -> User:
    """The caller, who must hold a staff role now; anyone else gets a plain 404."""
    user = current_user(request)
    if not is_staff_member(user):
        raise NotFoundError(NOT_FOUND)
    return user


def staff_request(request: HttpRequest, tracking_code: str) -> tuple[User, Case]:
    """The caller and request ``tracking_code`` of one of their districts (404 otherwise)."""
    user = current_user(request)
    return user, staff_case(user, tracking_code)


def person(user: User | None) -> StaffRefOut | None:
    return StaffRefOut(username=user.username, name=user.display_name) if user else None


def _item_fields(case: Case, user: User) -> dict[str, Any]:
    state = state_of(case)
    parcel, district = case.parcel, case.district
    return {
        "tracking_code": case.tracking_code,
        "tracking_code_display": to_persian_digits(format_tracking_code(case.tracking_code)),
        "service": QueueServiceOut(code=case.service.code, title=case.service.title),
        "district": DistrictOut(code=district.code, number=district.number, name=district.name),
        "property": PropertyBriefOut(renewal_code=parcel.renewal_code, address=parcel.address)
        if parcel is not None
        else None,
        "applicant": case.owner_or_applicant.display_name,
        "state": LabelledOut(value=state.code, label=state.label)
        if state
        else LabelledOut(value="", label=""),
        "role": LabelledOut(value=case.queue_role, label=ROLE_LABELS.get(case.queue_role, "")),
        "channel": LabelledOut(value=case.channel, label=case.get_channel_display()),
        "state_due_at": case.state_due_at,
        "overdue": is_overdue(case),
        "submitted_at": case.submitted_at,
        "expected_at": case.expected_at,
        "holder": person(case.holder),
        "held_since": case.held_since,
        "held_by_me": case.holder_id is not None and case.holder_id == user.pk,
    }


def queue_item(case: Case, user: User) -> QueueItemOut:
    return QueueItemOut(**_item_fields(case, user))


def hold_out(case: Case) -> HoldOut:
    return HoldOut(
        tracking_code=case.tracking_code, holder=person(case.holder), held_since=case.held_since
    )


def _hold_event(event: HoldEvent) -> HoldEventOut:
    return HoldEventOut(
        action=LabelledOut(value=event.action, label=event.get_action_display()),
        holder=person(event.holder),
        by=person(event.actor),
        reason=event.reason,
        at=event.at,
    )


def _note(message: CaseMessage, case: Case) -> NoteOut:
    applicant_side = {case.applicant_id, case.owner_id}
    return NoteOut(
        author=message.author.display_name,
        from_staff=message.author_id not in applicant_side,
        body=message.body,
        created_at=message.created_at,
    )


def _document(doc: DocumentItem) -> CaseDocumentOut:
    return CaseDocumentOut(
        type=doc.type,
        label=doc.label,
        required=doc.required,
        uploaded_at=doc.uploaded_at,
        format=doc.format,
        content_type=doc.content_type,
        inline=doc.inline,
        download_url=doc.url,
        round=doc.round,
    )


def _step(step: Step) -> TimelineStepOut:
    return TimelineStepOut(
        step=step.step,
        action=step.action,
        label=step.label,
        from_state=step.from_label,
        to_state=step.to_label,
        at=step.at,
        by=step.by,
        role=step.role,
        comment=step.comment,
        inputs=step.inputs,
    )


def _file_fields(file: CaseFile) -> dict[str, Any]:
    case = file.case
    return {
        "status": LabelledOut(value=case.status, label=case.get_status_display()),
        "step_number": case.workflow.step if case.workflow else 0,
        "registered_by": person(case.registered_by),
        "form": [AnswerOut(**vars(answer)) for answer in file.answers],
        "documents": [_document(doc) for doc in file.documents],
        "timeline": [_step(step) for step in file.timeline],
        "holds": [_hold_event(event) for event in file.holds],
        "notes": [_note(note, case) for note in file.notes],
        "messages": [_note(message, case) for message in file.messages],
        "actions": [
            WorkflowActionOut(
                action=action.action,
                label=action.label,
                role=action.role,
                confirm=action.confirm,
                on_behalf=action.on_behalf,
                inputs=[
                    InputOut(
                        name=item.name,
                        label=item.label,
                        kind=item.kind,
                        required=item.required,
                        choices=[InputChoiceOut(**vars(choice)) for choice in item.choices],
                    )
                    for item in action.inputs
                ],
            )
            for action in file.actions
        ],
        "can": HoldOptionsOut(**vars(file.options)),
    }


def case_file_out(user: User, case: Case) -> CaseFileOut:
    """The request's file as the caller may see it."""
    return CaseFileOut(**_item_fields(case, user), **_file_fields(case_file(user, case)))


def reloaded(user: User, case: Case) -> Case:
    """The request again, with what a service just changed (one access-checked query)."""
    return staff_case(user, case.tracking_code)
