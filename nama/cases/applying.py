"""What the citizen's web pages and the cases API share.

- Finding the property a citizen applies for by its renewal code: their own parcel, or the
  parcel of an owner who authorised them for the service (the owner is found, not typed).
- How a request is described to its applicant: where it is, who has it, what is needed from
  them, what staff asked to correct, which documents the service asks for.
- Public references of inbox notifications (never their database ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from nama.accounts.constants import RepresentationStatus
from nama.accounts.models import User
from nama.accounts.selectors import representations_held
from nama.cases.constants import CaseStatus
from nama.cases.documents import current_documents, slots
from nama.cases.models import Case, CaseMessage
from nama.cases.selectors import current_step, inbox, messages_for, timeline
from nama.cases.services import NOT_YOURS
from nama.catalog.schema import DocumentSpec, ServiceSpec
from nama.core.identifiers import parse_renewal_code, validate_national_id
from nama.core.problems import ForbiddenError
from nama.parcels.models import Parcel
from nama.parcels.selectors import owned_parcel
from nama.workflow.roles import APPLICANT, ROLE_LABELS, SYSTEM

# The workflow actions a citizen takes from the request page or the API; the others that an
# applicant may take (booking a visit, accepting fees, paying) belong to the apps that own them.
APPLICANT_ACTIONS = ("resubmit", "withdraw")
RETURNED = "returned"  # the correction pattern's state: the request is back with the applicant
OPEN_STATUSES = (CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_APPLICANT)
WAITING_FOR_YOU = "منتظر اقدام شما"


# --- The property -------------------------------------------------------------------------


def find_property(
    *, user: User, renewal_code: str, service_code: str, owner_national_id: str = ""
) -> tuple[Parcel, User | None]:
    """The parcel named by ``renewal_code`` that ``user`` may apply for, and for whom.

    ``(parcel, None)``: the user's own; ``(parcel, owner)``: the parcel of an owner who gave
    the user an active representation covering ``service_code`` (limited to the owner with
    ``owner_national_id`` when given). A code that does not parse is a ``ValidationError`` on
    ``renewal_code``; a parcel that is neither is refused with the same answer as someone
    else's parcel (``not_your_parcel``): unknown and not-yours look the same.
    """
    try:
        parse_renewal_code(renewal_code)
    except ValidationError as error:
        raise ValidationError({"renewal_code": error.messages}) from error
    wanted = ""
    if owner_national_id:
        try:
            wanted = validate_national_id(owner_national_id)
        except ValidationError as error:
            raise ValidationError({"owner": error.messages}) from error
    if not wanted or wanted == user.national_id:
        own = owned_parcel(user, renewal_code)
        if own is not None:
            return own, None
        if wanted:
            raise ForbiddenError(NOT_YOURS, code="not_your_parcel")
    for owner in _owners_represented(user, service_code, wanted):
        parcel = owned_parcel(owner, renewal_code)
        if parcel is not None:
            return parcel, owner
    raise ForbiddenError(NOT_YOURS, code="not_your_parcel")


def _owners_represented(user: User, service_code: str, national_id: str) -> list[User]:
    grants = representations_held(user).filter(
        status=RepresentationStatus.ACTIVE, expires_at__gt=timezone.now()
    )
    if national_id:
        grants = grants.filter(owner__national_id=national_id)
    return [grant.owner for grant in grants if grant.covers(service_code)]


# --- How a request is described to its applicant -----------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """A request as its applicant sees it in lists and on its page."""

    case: Case
    step: dict[str, Any] | None  # selectors.current_step
    holder: str  # who has it now: a role's Persian name, «شما», or "" when finished
    needed: str  # what is needed from the applicant now ("" = nothing)
    returned: bool  # back with the applicant for correction
    status_label: str  # the status in words (a finished request says how it ended)
    tone: str  # the status tag's colour: ok, info, warn or off

    @property
    def open(self) -> bool:
        return self.case.status in OPEN_STATUSES


def case_facts(case: Case, *, for_applicant: bool = True) -> CaseFacts:
    """``for_applicant``: worded for the applicant («شما»); otherwise for anyone (tracking)."""
    step = current_step(case)
    returned = step is not None and step["code"] == RETURNED
    holder = ""
    if step is not None and not step["terminal"]:
        you = "شما" if for_applicant else "متقاضی"
        holder = you if step["role"] == APPLICANT else ROLE_LABELS.get(step["role"], "")
    if case.status == CaseStatus.DRAFT:
        needed = "تکمیل و ثبت نهایی درخواست"
    elif returned:
        needed = "اصلاح موارد خواسته‌شده و ارسال دوباره"
    elif case.status == CaseStatus.WAITING_FOR_APPLICANT and step is not None:
        needed = str(step["label"])
    else:
        needed = ""
    label, tone = _status(case, step)
    if for_applicant and case.status == CaseStatus.WAITING_FOR_APPLICANT:
        label = WAITING_FOR_YOU
    return CaseFacts(
        case=case,
        step=step,
        holder=holder,
        needed=needed,
        returned=returned,
        status_label=label,
        tone=tone,
    )


_OUTCOMES = {
    "approved": ("انجام شد", "ok"),
    "rejected": ("رد شد", "off"),
    "withdrawn": ("انصراف داده شد", "off"),
    "cancelled": ("ابطال شد", "off"),
}
_TONES = {
    CaseStatus.DRAFT: "off",
    CaseStatus.IN_PROGRESS: "info",
    CaseStatus.WAITING_FOR_APPLICANT: "warn",
    CaseStatus.COMPLETED: "ok",
    CaseStatus.CANCELLED: "off",
}


def _status(case: Case, step: dict[str, Any] | None) -> tuple[str, str]:
    if step is not None and step["terminal"] and step["outcome"] in _OUTCOMES:
        return _OUTCOMES[step["outcome"]]
    return case.get_status_display(), _TONES.get(CaseStatus(case.status), "off")


@dataclass(frozen=True)
class Item:
    """A field or document staff named, with its label and whether it has been fixed."""

    name: str
    label: str
    fixed: bool


@dataclass(frozen=True)
class Correction:
    round: int
    reason: str
    fields: list[Item]
    documents: list[Item]

    @property
    def fields_left(self) -> list[Item]:
        return [item for item in self.fields if not item.fixed]

    @property
    def documents_left(self) -> list[Item]:
        return [item for item in self.documents if not item.fixed]


def correction_of(case: Case, spec: ServiceSpec) -> Correction | None:
    """What staff asked the applicant to fix, while the request is back with them."""
    if case.workflow is None or case.workflow.state != RETURNED:
        return None
    asked = case.corrections or {}
    field_labels = {field.name: field.label for field in spec.form}
    document_labels = {document.type: document.label for document in spec.documents}
    fixed_fields = set(asked.get("fixed_fields", []))
    fixed_documents = set(asked.get("fixed_documents", []))
    return Correction(
        round=int(asked.get("round", 1)),
        reason=str(asked.get("reason", "")),
        fields=[
            Item(name, field_labels.get(name, name), name in fixed_fields)
            for name in asked.get("fields", [])
        ],
        documents=[
            Item(name, document_labels.get(name, name), name in fixed_documents)
            for name in asked.get("documents", [])
        ],
    )


def editable_fields(case: Case) -> set[str] | None:
    """The form fields the applicant may change now: None = all (a draft); else the ones staff
    asked to correct (empty when nothing may change). Mirrors ``services.update_form``."""
    if case.status == CaseStatus.DRAFT:
        return None
    if case.workflow is not None and case.workflow.state == RETURNED:
        return set(case.corrections.get("fields", []))
    return set()


@dataclass(frozen=True)
class DocumentRow:
    """A document slot of the request with what has been uploaded into it."""

    spec: DocumentSpec
    uploaded_at: datetime | None  # the current file's upload time; None: nothing yet

    @property
    def missing(self) -> bool:
        return self.spec.required and self.uploaded_at is None


def document_rows(case: Case) -> list[DocumentRow]:
    """The service's documents that concern this applicant (a power of attorney only when a
    representative applies), each with whether a file is in place."""
    present = current_documents(case)
    return [
        DocumentRow(spec, present[spec.type].created_at if spec.type in present else None)
        for spec in slots(case)
    ]


# --- Timeline and messages as the applicant reads them ------------------------------------

STAFF = "کارشناس شهرداری"


@dataclass(frozen=True)
class Event:
    """One step of the timeline as the applicant reads it."""

    action: str
    label: str
    state_label: str
    at: datetime
    by: str
    reason: str


@dataclass(frozen=True)
class Message:
    author: str
    mine: bool
    staff: bool
    message: CaseMessage


def _by(record_role: str, actor_id: int | None, user: User) -> str:
    if actor_id is not None and actor_id == user.pk:
        return "شما"
    if record_role == APPLICANT:
        return "متقاضی"
    if record_role == SYSTEM or not record_role:
        return "سامانه"
    return ROLE_LABELS.get(record_role, STAFF)


def events_of(case: Case, user: User) -> list[Event]:
    return [
        Event(
            entry.record.action,
            entry.label,
            entry.state_label,
            entry.record.at,
            _by(entry.record.actor_role, entry.record.actor_id, user),
            str(entry.record.inputs.get("reason", "")),
        )
        for entry in timeline(case)
    ]


def messages_of(case: Case, user: User) -> list[Message]:
    applicant_side = {case.applicant_id, case.owner_id}
    rows = []
    for message in messages_for(user, case):
        mine = message.author_id == user.pk
        staff = message.author_id not in applicant_side
        author = "شما" if mine else STAFF if staff else message.author.display_name
        rows.append(Message(author, mine, staff, message))
    return rows


# --- Inbox references ----------------------------------------------------------------------

_REF_SALT = "nama.cases.notification"


def notification_ref(notification_id: int) -> str:
    """A notification's public reference: an HMAC of its id, not the id itself."""
    return salted_hmac(_REF_SALT, str(notification_id), algorithm="sha256").hexdigest()[:24]


def notification_ids(user: User, refs: list[str]) -> list[int]:
    """The ids of the user's unread notifications named by ``refs`` (others are ignored)."""
    wanted = [ref for ref in refs if isinstance(ref, str)][:200]
    return [
        pk
        for pk in unread_ids(user)
        if any(constant_time_compare(notification_ref(pk), ref) for ref in wanted)
    ]


def unread_ids(user: User, case: Case | None = None) -> list[int]:
    """The user's unread notifications (about ``case`` only, when given)."""
    unread = inbox(user).filter(read_at__isnull=True)
    if case is not None:
        unread = unread.filter(case=case)
    return list(unread.values_list("pk", flat=True))
