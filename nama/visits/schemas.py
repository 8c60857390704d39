"""Request and response bodies of the visits API (``/api/v1/visits``).

Times are ISO 8601 with their offset (Tehran is +03:30); a time sent without one is read as
Tehran time. Labels are Persian, with Jalali dates and Persian digits, ready to show.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from nama.cases.schemas import LabelledOut

STARTS_AT = "The slot's start, as `starts_at` of `GET /{tracking_code}/slots`."


class BookIn(Schema):
    starts_at: dt.datetime = Field(description=STARTS_AT, examples=["2026-12-06T10:00:00+03:30"])


class RescheduleIn(Schema):
    starts_at: dt.datetime = Field(description=STARTS_AT, examples=["2026-12-07T08:00:00+03:30"])
    reason: str = Field(
        max_length=1000,
        description="Why the visit moves (required; the applicant reads it).",
        examples=["مامور بازدید در این روز در مأموریت است."],
    )


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str = Field(examples=["۱۰ تا ۱۲"])
    available: bool = Field(description="False: every inspector's seat in it is taken.")


class SlotDayOut(Schema):
    date: dt.date
    label: str = Field(examples=["یکشنبه ۱۶ آذر ۱۴۰۵"])
    slots: list[SlotOut]


class SlotsOut(Schema):
    days: list[SlotDayOut]
    message: str = Field(
        description="Why nothing can be booked (no inspector, holidays, all taken); else empty."
    )


class VisitOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    when: str = Field(examples=["یکشنبه ۱۶ آذر ۱۴۰۵، ساعت ۱۰ تا ۱۲"])
    status: LabelledOut
    inspector: str = Field(description="The inspector's name.")
    booked_by: str
    reason: str = Field(description="Why it was moved or cancelled; or why it replaced another.")
    created_at: dt.datetime
    cancelled_at: dt.datetime | None
    replaces_starts_at: dt.datetime | None = Field(
        description="The start of the visit this one replaced when it was rescheduled."
    )


class VisitsOut(Schema):
    tracking_code: str
    state: str = Field(description="The request's workflow state, e.g. visit_booking, visit.")
    visits: list[VisitOut] = Field(description="Oldest booking first, cancelled ones included.")
