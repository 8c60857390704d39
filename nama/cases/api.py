"""The cases API for the citizen's side: ``/api/v1/cases`` and ``/api/v1/inbox``.

Authentication as in ``nama.accounts.api_auth``: a bearer token, or the session plus
``X-CSRFToken`` on unsafe methods. A request is named by its tracking code; everyone who is not
on its applicant side (the applicant, the owner, a representative the owner authorised for the
service, an agent of the company) gets the same 404 as for a code that does not exist, on
every operation. Errors are problem+json with a Persian ``detail``.

Mounted in ``config/api.py``: ``router`` at ``/v1/cases``, ``inbox_router`` at ``/v1/inbox``.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Body, File, Form, Query, Router, Schema, Status
from ninja import Field as SchemaField
from ninja.files import UploadedFile
from ninja.params.functions import Header

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.schemas import DistrictOut
from nama.cases.applying import (
    APPLICANT_ACTIONS,
    case_facts,
    correction_of,
    editable_fields,
    events_of,
    find_property,
    messages_of,
    notification_ids,
    notification_ref,
    unread_ids,
)
from nama.cases.constants import CaseStatus
from nama.cases.documents import attach_document
from nama.cases.models import Case
from nama.cases.schemas import (
    ActionIn,
    ActionOut,
    CaseIn,
    CaseListOut,
    CaseMessageOut,
    CaseOut,
    CaseSummaryOut,
    CorrectionItemOut,
    CorrectionOut,
    EventOut,
    InboxOut,
    InboxReadIn,
    LabelledOut,
    MarkedOut,
    MessageIn,
    NotificationOut,
    PropertyOut,
    ServiceRefOut,
    StepOut,
)
from nama.cases.selectors import (
    actions_for,
    case_for,
    cases_of_applicant,
    filter_cases,
    inbox,
    unread_count,
)
from nama.cases.services import (
    act,
    discard_draft,
    mark_read,
    post_message,
    start_draft,
    submit_case,
    update_form,
)
from nama.catalog.selectors import spec_of
from nama.core.problems import ApiError, ConflictError, NotFoundError
from nama.core.text import normalize_digits, to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.documents.selectors import download_url

router = Router(tags=["cases"], auth=token_or_session)
inbox_router = Router(tags=["inbox"], auth=token_or_session)

NOT_FOUND = "این درخواست پیدا نشد."
MAX_PAGE = 100
# RFC 9110 token-ish: printable ASCII without spaces, as clients send UUIDs or random strings.
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,80}$", re.ASCII)


class IdempotencyKeyError(ApiError):
    status, code, title = 422, "idempotency_key_invalid", "Unprocessable content"


def _applicant_case(request: HttpRequest, code: str) -> tuple[User, Case]:
    """The caller and their request ``code``; 404 for anyone not on its applicant side."""
    user = current_user(request)
    case = case_for(user, code)
    if not can(user, "cases.act_as_applicant", case):
        raise NotFoundError(NOT_FOUND)
    return user, case


# --- Building the answers -------------------------------------------------------------------


def _summary_fields(case: Case) -> dict[str, Any]:
    facts = case_facts(case)
    step = facts.step
    parcel = case.parcel
    district = case.district
    return {
        "tracking_code": case.tracking_code,
        "tracking_code_display": to_persian_digits(format_tracking_code(case.tracking_code)),
        "service": ServiceRefOut(
            code=case.service.code, title=case.service.title, version=case.service_version.version
        ),
        "property": PropertyOut(
            renewal_code=parcel.renewal_code,
            address=parcel.address,
            district=DistrictOut(code=district.code, number=district.number, name=district.name),
        )
        if parcel is not None
        else None,
        "status": LabelledOut(value=case.status, label=facts.status_label),
        "step": StepOut(
            code=step["code"],
            label=step["label"],
            role=step["role"],
            holder=facts.holder,
            due_at=step["due_at"],
            terminal=step["terminal"],
            outcome=step["outcome"],
        )
        if step is not None
        else None,
        "needed": facts.needed,
        "due_at": case.due_at,
        "expected_at": case.expected_at,
        "created_at": case.created_at,
        "submitted_at": case.submitted_at,
        "finished_at": case.finished_at,
    }


def _summary(case: Case) -> CaseSummaryOut:
    return CaseSummaryOut(**_summary_fields(case))


def _detail(case: Case, user: User) -> CaseOut:
    spec = spec_of(case.service_version)
    correction = correction_of(case, spec)
    allowed = editable_fields(case)
    return CaseOut(
        **_summary_fields(case),
        step_number=case.workflow.step if case.workflow else 0,
        form=case.form_data,
        editable_fields=sorted(allowed) if allowed is not None else None,
        correction=CorrectionOut(
            round=correction.round,
            reason=correction.reason,
            fields=[CorrectionItemOut(**vars(item)) for item in correction.fields],
            documents=[CorrectionItemOut(**vars(item)) for item in correction.documents],
        )
        if correction is not None
        else None,
        timeline=[
            EventOut(
                action=event.action,
                label=event.label,
                state=event.state_label,
                at=event.at,
                by=event.by,
                reason=event.reason,
            )
            for event in events_of(case, user)
        ],
        actions=[
            ActionOut(action=action.action, label=action.label, confirm=action.confirm)
            for action in actions_for(user, case)
            if action.action in APPLICANT_ACTIONS
        ],
        on_behalf_of=case.owner.display_name if case.owner is not None else None,
    )


def _reload(user: User, case: Case) -> Case:
    """The request again, with what a service just changed (one access-checked query)."""
    return case_for(user, case.tracking_code)


# --- Requests -------------------------------------------------------------------------------


@router.post(
    "",
    response={201: CaseOut, **problems(401, 403, 404, 409, 422)},
    summary="Start a draft request",
    description=(
        "A draft of `service` about the parcel with `renewal_code`: your own, or one of an "
        "owner who authorised you for the service. Send an `Idempotency-Key` header (a random "
        "string, at most 80 printable characters) to retry safely: the same key returns the same "
        "draft, and a key used before for another service or parcel is refused with 422. Where "
        "the service is not offered in the parcel's district: 409 `service_not_available_here`, "
        "whose detail says where it is and what to do meanwhile."
    ),
)
def create_case(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description="A client-chosen retry key."
    ),
) -> Status[CaseOut]:
    user = current_user(request)
    key = (idempotency_key or "").strip()
    if key and not _IDEMPOTENCY_KEY.match(key):
        raise IdempotencyKeyError("کلید Idempotency-Key باید ۱ تا ۸۰ نویسهٔ چاپی ASCII باشد.")
    service = normalize_digits(payload.service).strip().upper()
    parcel, owner = find_property(
        user=user,
        renewal_code=payload.renewal_code,
        service_code=service,
        owner_national_id=payload.owner,
    )
    case = start_draft(
        actor=user,
        service_code=service,
        parcel=parcel,
        owner=owner,
        idempotency_key=f"api:{key}" if key else "",
    )
    if case.service.code != service or case.parcel_id != parcel.pk:
        raise IdempotencyKeyError(
            "این کلید Idempotency-Key پیش‌تر برای درخواست دیگری به کار رفته است.",
            code="idempotency_key_reused",
        )
    return Status(201, _detail(_reload(user, case), user))


class CaseFilters(Schema):
    status: str = SchemaField("", description="draft, in_progress, waiting, completed, cancelled.")
    service: str = SchemaField("", max_length=10, description="A service code, e.g. D15.")
    limit: int = SchemaField(20, ge=1, le=MAX_PAGE)
    offset: int = SchemaField(0, ge=0)


@router.get(
    "",
    response={200: CaseListOut, **problems(401, 422)},
    summary="My requests",
    description="Newest first: the ones you filed, filed for you, or for a company you act for.",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> CaseListOut:
    user = current_user(request)
    if filters.status and filters.status not in CaseStatus.values:
        raise ValidationError({"status": ["وضعیت نامعتبر است."]})
    cases: QuerySet[Case] = filter_cases(
        cases_of_applicant(user),
        status=filters.status,
        service=normalize_digits(filters.service).strip().upper(),
    )
    page = list(cases[filters.offset : filters.offset + filters.limit])
    return CaseListOut(count=cases.count(), items=[_summary(case) for case in page])


@router.get(
    "/{tracking_code}",
    response={200: CaseOut, **problems(401, 404)},
    summary="One request",
    description="Timeline, current step, what is needed from you, corrections, your actions.",
)
def get_case(request: HttpRequest, tracking_code: str) -> CaseOut:
    user, case = _applicant_case(request, tracking_code)
    return _detail(case, user)


@router.patch(
    "/{tracking_code}/form",
    response={200: CaseOut, **problems(401, 403, 404, 422)},
    summary="Save form answers",
    description=(
        "A JSON object of field name → value (any digit script; dates Jalali `1404/05/12`; "
        "yes_no as true/false). Any field of a draft, or only `editable_fields` while the "
        "request is back for correction. Empty values are ignored. Each bad field is named "
        "in `errors`."
    ),
)
def patch_form(
    request: HttpRequest,
    tracking_code: str,
    answers: Body[dict[str, Any]],
) -> CaseOut:
    user, case = _applicant_case(request, tracking_code)
    update_form(actor=user, case=case, data=answers)
    return _detail(_reload(user, case), user)


@router.post(
    "/{tracking_code}/submit",
    response={200: CaseOut, **problems(401, 404, 409, 422)},
    summary="Submit a draft",
    description=(
        "Idempotent: submitting again (a retry) answers with the request as submitted. "
        "Incomplete answers: 422 naming each field; another open request for the same "
        "service and parcel: 409 `duplicate_open_case`."
    ),
)
def submit(request: HttpRequest, tracking_code: str) -> CaseOut:
    user, case = _applicant_case(request, tracking_code)
    submit_case(actor=user, case=case)
    return _detail(_reload(user, case), user)


class DocumentOut(Schema):
    document_type: str
    uploaded_at: Any
    download_url: str


@router.post(
    "/{tracking_code}/documents",
    response={201: DocumentOut, **problems(401, 404, 422)},
    summary="Upload a document of the request",
    description=(
        "Multipart form: `document_type` (a slot of the service) and `file`. The file is "
        "checked (format, size, content, viruses) before anything is stored; uploading the "
        "same slot again replaces the earlier file (kept in the history). Allowed on drafts, "
        "and afterwards only for the documents a correction asks for."
    ),
)
def upload_document(
    request: HttpRequest,
    tracking_code: str,
    document_type: Form[str],
    file: File[UploadedFile],
) -> Status[DocumentOut]:
    user, case = _applicant_case(request, tracking_code)
    row = attach_document(
        actor=user, case=case, document_type=document_type, file=file, filename=file.name or ""
    )
    return Status(
        201,
        DocumentOut(
            document_type=row.document_type,
            uploaded_at=row.created_at,
            download_url=download_url(row.upload, user),
        ),
    )


@router.delete(
    "/{tracking_code}",
    response={204: None, **problems(401, 404, 409)},
    summary="Discard a draft",
)
def discard(request: HttpRequest, tracking_code: str) -> Status[None]:
    user, case = _applicant_case(request, tracking_code)
    discard_draft(actor=user, case=case)
    return Status(204, None)


@router.post(
    "/{tracking_code}/actions/{action}",
    response={200: CaseOut, **problems(401, 403, 404, 409, 422)},
    summary="Take an applicant action: resubmit, withdraw",
    description=(
        "`resubmit` after fixing what a correction asked for; `withdraw` (optional `reason`). "
        "409 `action_not_available` when the request's state does not allow it, "
        "409 `guard_refused` with the reason (e.g. corrections not done yet)."
    ),
)
def take_action(
    request: HttpRequest, tracking_code: str, action: str, payload: ActionIn | None = None
) -> CaseOut:
    user, case = _applicant_case(request, tracking_code)
    if action not in APPLICANT_ACTIONS:
        raise ConflictError(
            "این اقدام از سوی متقاضی در این درخواست ممکن نیست.", code="action_not_available"
        )
    body = payload or ActionIn(reason="", expected_step=None)
    inputs = {"reason": body.reason} if action == "withdraw" and body.reason.strip() else {}
    act(actor=user, case=case, action=action, inputs=inputs, expected_step=body.expected_step)
    return _detail(_reload(user, case), user)


def _message_out(row: Any) -> CaseMessageOut:
    return CaseMessageOut(
        author=row.author,
        mine=row.mine,
        from_staff=row.staff,
        body=row.message.body,
        created_at=row.message.created_at,
    )


@router.get(
    "/{tracking_code}/messages",
    response={200: list[CaseMessageOut], **problems(401, 404)},
    summary="Messages on a request",
    description="Oldest first. Staff's internal notes are never included.",
)
def list_messages(request: HttpRequest, tracking_code: str) -> list[CaseMessageOut]:
    user, case = _applicant_case(request, tracking_code)
    return [_message_out(row) for row in messages_of(case, user)]


@router.post(
    "/{tracking_code}/messages",
    response={201: CaseMessageOut, **problems(401, 404, 422)},
    summary="Write to the staff handling a request",
)
def create_message(
    request: HttpRequest, tracking_code: str, payload: MessageIn
) -> Status[CaseMessageOut]:
    user, case = _applicant_case(request, tracking_code)
    message = post_message(actor=user, case=case, body=payload.body)
    rows = [row for row in messages_of(case, user) if row.message.pk == message.pk]
    return Status(201, _message_out(rows[0]))


# --- Inbox ----------------------------------------------------------------------------------


class InboxFilters(Schema):
    unread: bool = SchemaField(False, description="Only unread notifications.")
    limit: int = SchemaField(20, ge=1, le=MAX_PAGE)
    offset: int = SchemaField(0, ge=0)


@inbox_router.get(
    "",
    response={200: InboxOut, **problems(401, 422)},
    summary="My notifications",
    description="Newest first; the same news is also sent by SMS (and e-mail when given).",
)
def list_inbox(request: HttpRequest, filters: Query[InboxFilters]) -> InboxOut:
    user = current_user(request)
    notifications = inbox(user)
    if filters.unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = list(notifications[filters.offset : filters.offset + filters.limit])
    return InboxOut(
        unread=unread_count(user),
        count=notifications.count(),
        items=[
            NotificationOut(
                id=notification_ref(item.pk),
                title=item.title,
                body=item.body,
                tracking_code=item.case.tracking_code if item.case is not None else None,
                created_at=item.created_at,
                read=item.read_at is not None,
            )
            for item in page
        ],
    )


@inbox_router.post(
    "/read",
    response={200: MarkedOut, **problems(401, 422)},
    summary="Mark notifications read",
    description="The ones named in `ids`, or every unread one with `all: true`.",
)
def read_inbox(request: HttpRequest, payload: InboxReadIn) -> MarkedOut:
    user = current_user(request)
    ids = unread_ids(user) if payload.all else notification_ids(user, payload.ids)
    marked = mark_read(actor=user, notification_ids=ids) if ids else 0
    return MarkedOut(marked=marked, unread=unread_count(user))
