"""Request and response bodies of the staff API (``/api/v1/staff``).

Requests are named by their tracking code and colleagues by their username: no database id
leaves the API. Schemas only parse; the services validate (and say why in Persian).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from nama.accounts.schemas import DistrictOut
from nama.cases.schemas import TRACKING_CODE_EXAMPLE, LabelledOut

MAX_PAGE = 100
MAX_BULK = 200

# --- In ---------------------------------------------------------------------------------------


class QueueQuery(Schema):
    scope: Literal["mine", "district"] = Field(
        "mine",
        description=(
            "`mine`: requests whose current step your roles act on; `district`: every request "
            "waiting for staff in the districts you manage (district managers)."
        ),
    )
    service: str = Field("", max_length=10, description="A service code, e.g. D15.")
    state: str = Field("", max_length=50, description="A workflow state code.")
    channel: Literal["", "online", "counter", "partner"] = ""
    overdue: bool = Field(False, description="Only requests past their step's deadline.")
    holder: Literal["", "me", "unassigned"] = Field(
        "", description="`me`: the ones you hold; `unassigned`: the ones nobody holds."
    )
    q: str = Field(
        "",
        max_length=40,
        description="A tracking code, renewal code or national ID (any digit script).",
    )
    limit: int = Field(25, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class SearchQuery(Schema):
    q: str = Field(max_length=40, description="A tracking code, renewal code or national ID.")
    limit: int = Field(25, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000, description="Optional: why (kept in the history).")


class AssignIn(Schema):
    to: str = Field(max_length=150, description="The colleague's username.", examples=["staff7"])
    reason: str = Field("", max_length=1000)


class BulkReassignIn(Schema):
    codes: list[str] = Field(
        min_length=1, max_length=MAX_BULK, description="Tracking codes: all move, or none."
    )
    to: str = Field(max_length=150, description="The colleague's username.")
    reason: str = Field(max_length=1000, description="Required: why the work moves.")


class ActIn(Schema):
    action: str = Field(max_length=50, description="One of `actions[].action` of the request.")
    inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="The action's inputs by name (see `actions[].inputs`).",
    )
    comment: str = Field("", max_length=4000)
    expected_step: int | None = Field(
        None,
        ge=0,
        description="The `step` you last saw: refused with 409 `changed_meanwhile` if it moved.",
    )


class NoteIn(Schema):
    body: str = Field(max_length=4000, description="1–4000 characters; never shown to citizens.")


# --- Out --------------------------------------------------------------------------------------


class StaffRefOut(Schema):
    username: str = Field(description="The public identifier of a staff member.")
    name: str


class QueueServiceOut(Schema):
    code: str = Field(examples=["D15"])
    title: str


class PropertyBriefOut(Schema):
    renewal_code: str = Field(examples=["7-12-34-5-0-0-0"])
    address: str


class QueueItemOut(Schema):
    tracking_code: str = Field(examples=[TRACKING_CODE_EXAMPLE])
    tracking_code_display: str = Field(examples=["۴۸۲۹-۱۳۵۷-۰۲۶۴"])
    service: QueueServiceOut
    district: DistrictOut
    property: PropertyBriefOut | None
    applicant: str = Field(description="The applicant's name (the owner's when on behalf).")
    state: LabelledOut = Field(description="The workflow state, as staff name it.")
    role: LabelledOut = Field(description="The role acting now.")
    channel: LabelledOut
    state_due_at: datetime | None = Field(description="This step's deadline.")
    overdue: bool
    submitted_at: datetime | None
    expected_at: datetime | None = Field(description="Expected completion of the request.")
    holder: StaffRefOut | None = Field(description="Who works on it now (null: nobody).")
    held_since: datetime | None
    held_by_me: bool


class QueueOut(Schema):
    order: str = Field(description="The queue's ordering rule, in Persian.")
    count: int
    offset: int
    limit: int
    items: list[QueueItemOut]


class HoldOut(Schema):
    tracking_code: str
    holder: StaffRefOut | None
    held_since: datetime | None


class BulkOut(Schema):
    reassigned: int
    holder: StaffRefOut


class ColleagueOut(Schema):
    username: str
    name: str
    holding: int = Field(description="Requests in this role they hold now.")
    holds_this: bool
    you: bool


class AnswerOut(Schema):
    name: str
    label: str
    value: Any = Field(description="As stored (ASCII digits, ISO dates); null if unanswered.")
    text: str = Field(description="In words, as a person reads it.")


class CaseDocumentOut(Schema):
    type: str
    label: str
    required: bool
    uploaded_at: datetime | None
    format: str
    content_type: str
    inline: bool = Field(description="A browser can show it in the page (PDF, image).")
    download_url: str = Field(description="Valid for you only, for a short time; empty if none.")
    round: int


class TimelineStepOut(Schema):
    step: int
    action: str
    label: str
    from_state: str
    to_state: str
    at: datetime
    by: str
    role: str
    comment: str
    inputs: dict[str, Any]


class HoldEventOut(Schema):
    action: LabelledOut
    holder: StaffRefOut | None
    by: StaffRefOut | None = Field(description="Who did it (null: the system).")
    reason: str
    at: datetime


class NoteOut(Schema):
    author: str
    from_staff: bool
    body: str
    created_at: datetime


class InputChoiceOut(Schema):
    value: str
    label: str


class InputOut(Schema):
    name: str
    label: str
    kind: str = Field(description="text, choice, number, date, yes_no, fields, documents.")
    required: bool
    choices: list[InputChoiceOut] = Field(description="For choice, fields and documents inputs.")


class WorkflowActionOut(Schema):
    action: str
    label: str
    role: str
    confirm: bool = Field(description="Ask the person to confirm first.")
    on_behalf: bool = Field(description="Taken for the walk-in citizen (counter requests).")
    inputs: list[InputOut]


class HoldOptionsOut(Schema):
    claim: bool
    release: bool
    assign: bool
    manage: bool
    held_by_me: bool
    held_by_other: bool


class CaseFileOut(QueueItemOut):
    status: LabelledOut
    step_number: int = Field(description="Transitions taken; send as `expected_step`.")
    registered_by: StaffRefOut | None = Field(description="The desk clerk, for counter requests.")
    form: list[AnswerOut]
    documents: list[CaseDocumentOut]
    timeline: list[TimelineStepOut]
    holds: list[HoldEventOut]
    notes: list[NoteOut] = Field(description="Internal notes (never shown to the citizen).")
    messages: list[NoteOut] = Field(description="The conversation with the applicant side.")
    actions: list[WorkflowActionOut] = Field(description="Workflow actions you may take now.")
    can: HoldOptionsOut


class SearchOut(Schema):
    count: int
    offset: int
    limit: int
    items: list[QueueItemOut] = Field(description="Newest first.")
