"""Request and response bodies of the cases API (``/api/v1/cases``, ``/api/v1/inbox``).

Requests are named by their tracking code, notifications by an opaque reference: no database
id leaves the API. Schemas only parse; the services validate (and say why in Persian).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from nama.accounts.schemas import DistrictOut

TRACKING_CODE_EXAMPLE = "482913570264"


class LabelledOut(Schema):
    value: str = Field(examples=["in_progress"])
    label: str = Field(examples=["در جریان"])


# --- In ---------------------------------------------------------------------------------------


class CaseIn(Schema):
    """Start a draft request of ``service`` about the parcel with ``renewal_code``."""

    service: str = Field(max_length=10, description="Service code.", examples=["D15"])
    renewal_code: str = Field(
        max_length=40,
        description="The parcel's renewal code (any digit script).",
        examples=["7-12-34-5-0-0-0"],
    )
    owner: str = Field(
        "",
        max_length=20,
        description=(
            "The owner's national ID when applying as their representative. Optional: when "
            "omitted, the parcel is looked for among your own and then among those of owners "
            "who authorised you for this service."
        ),
        examples=[""],
    )


class ActionIn(Schema):
    reason: str = Field("", max_length=2000, description="Optional reason (withdraw).")
    expected_step: int | None = Field(
        None,
        ge=0,
        description="The `step` you last saw: refused with 409 `changed_meanwhile` if it moved.",
    )


class MessageIn(Schema):
    body: str = Field(max_length=4000, description="1–4000 characters.")


class InboxReadIn(Schema):
    ids: list[str] = Field(
        default_factory=list, max_length=200, description="Notification ids from the inbox."
    )
    all: bool = Field(False, description="Mark every unread notification read.")


# --- Out --------------------------------------------------------------------------------------


class ServiceRefOut(Schema):
    code: str = Field(examples=["D15"])
    title: str = Field(examples=["پروانه ساختمان (احداث بنا)"])
    version: int


class PropertyOut(Schema):
    renewal_code: str = Field(examples=["7-12-34-5-0-0-0"])
    address: str
    district: DistrictOut


class StepOut(Schema):
    code: str = Field(examples=["document_check"])
    label: str = Field(description="What the applicant sees.", examples=["در حال بررسی مدارک"])
    role: str = Field(description="Who acts: a staff role, `applicant` or `system`.")
    holder: str = Field(description="Who has the request now, in Persian («شما» for you).")
    due_at: datetime | None = Field(description="This step's deadline.")
    terminal: bool
    outcome: str = Field(description="approved, rejected, withdrawn, cancelled or empty.")


class CorrectionItemOut(Schema):
    name: str
    label: str
    fixed: bool


class CorrectionOut(Schema):
    """What staff asked to fix; present while the request is back with the applicant."""

    round: int
    reason: str
    fields: list[CorrectionItemOut]
    documents: list[CorrectionItemOut]


class EventOut(Schema):
    action: str = Field(examples=["start"])
    label: str = Field(examples=["ثبت درخواست"])
    state: str = Field(description="The state the request went to (its Persian label).")
    at: datetime
    by: str = Field(description="Who did it, in Persian: «شما», a staff role, «سامانه».")
    reason: str


class ActionOut(Schema):
    action: str = Field(examples=["withdraw"])
    label: str
    confirm: bool = Field(description="Ask the person to confirm first.")


class CaseSummaryOut(Schema):
    tracking_code: str = Field(examples=[TRACKING_CODE_EXAMPLE])
    tracking_code_display: str = Field(examples=["۴۸۲۹-۱۳۵۷-۰۲۶۴"])
    service: ServiceRefOut
    property: PropertyOut | None
    status: LabelledOut
    step: StepOut | None
    needed: str = Field(description="What is needed from the applicant now (empty: nothing).")
    due_at: datetime | None = Field(
        description="The service's target for the whole request, fixed at submission."
    )
    expected_at: datetime | None = Field(
        description="Expected completion, re-estimated at every step from the remaining "
        "steps' deadlines (null when finished or when approval is no longer reachable)."
    )
    created_at: datetime
    submitted_at: datetime | None
    finished_at: datetime | None


class CaseOut(CaseSummaryOut):
    step_number: int = Field(description="Transitions taken; send as `expected_step`.")
    form: dict[str, Any] = Field(description="The answers as stored (ASCII digits, ISO dates).")
    editable_fields: list[str] | None = Field(
        description="Fields PATCH /form may change now; null = all (a draft)."
    )
    correction: CorrectionOut | None
    timeline: list[EventOut]
    actions: list[ActionOut] = Field(description="What you may do now (resubmit, withdraw).")
    on_behalf_of: str | None = Field(description="The owner's name when a representative filed.")


class CaseListOut(Schema):
    count: int
    items: list[CaseSummaryOut]


class CaseMessageOut(Schema):
    author: str = Field(description="«شما», «کارشناس شهرداری» or the applicant side's name.")
    mine: bool
    from_staff: bool
    body: str
    created_at: datetime


class NotificationOut(Schema):
    id: str = Field(description="An opaque reference (not a database id).")
    title: str
    body: str
    tracking_code: str | None
    created_at: datetime
    read: bool


class InboxOut(Schema):
    unread: int
    count: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int
    unread: int
