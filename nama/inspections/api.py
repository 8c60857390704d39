"""The inspections API for the inspector's phone, mounted at ``/api/v1/staff/inspections``.

Authentication as in ``nama.accounts.api_auth`` (a bearer token, or the session plus
``X-CSRFToken``); staff roles count only after the second factor. A visit is named by its
request's tracking code: anyone but its inspector (or the visit agent holding the request)
gets the same 404 as for a code that does not exist. Errors are problem+json in Persian.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params.functions import Header

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.core.problems import ApiError, ForbiddenError, NotFoundError
from nama.inspections.presenting import overview_data, photo_data, report_data, visit_data
from nama.inspections.schemas import InspectionVisitOut, OverviewOut, PhotoOut, ReportIn, ReportOut
from nama.inspections.selectors import report_state, visit_to_report, visits_ahead
from nama.inspections.selectors.oversight import (
    DEFAULT_PERIOD,
    PERIODS,
    OversightFilters,
    overseen_district,
    oversees_any,
    overview,
)
from nama.inspections.services import DraftIn, PhotoIn, add_photo, save_draft, submit_report

router = Router(tags=["inspections"], auth=token_or_session)

_KEY = re.compile(r"^[\x21-\x7e]{1,80}$", re.ASCII)
KEY_HEADER = Header(None, alias="Idempotency-Key", description="A client-chosen retry key.")


class IdempotencyKeyError(ApiError):
    status, code, title = 422, "idempotency_key_invalid", "Unprocessable content"


def _key(value: str | None, *, required: bool) -> str:
    key = (value or "").strip()
    if (key or required) and not _KEY.match(key):
        raise IdempotencyKeyError("کلید Idempotency-Key باید ۱ تا ۸۰ نویسهٔ چاپی ASCII باشد.")
    return key


def _draft(payload: ReportIn) -> DraftIn:
    return DraftIn(
        revision=payload.revision,
        values=payload.values,
        checklist=payload.checklist,
        notes=payload.notes,
    )


def _report(request: HttpRequest, tracking_code: str) -> ReportOut:
    user = current_user(request)
    state = report_state(visit_to_report(user, tracking_code))
    return ReportOut.model_validate(report_data(state, user))


@router.get(
    "/today",
    url_name="inspections_today",
    response={200: list[InspectionVisitOut], **problems(401)},
    summary="My visits, today and the next days",
    description="In time order; each with a point on its parcel for the map.",
)
def today(request: HttpRequest) -> list[InspectionVisitOut]:
    visits = visits_ahead(current_user(request))
    return [
        InspectionVisitOut.model_validate(visit_data(v, n)) for n, v in enumerate(visits, start=1)
    ]


class OverviewFilters(Schema):
    district: int | None = SchemaField(None, ge=0, le=99, description="A district number.")
    period: str = SchemaField(DEFAULT_PERIOD, description=f"One of {', '.join(PERIODS)}.")


@router.get(
    "/discrepancies",
    url_name="inspections_discrepancies",
    response={200: OverviewOut, **problems(401, 403, 404)},
    summary="Discrepancies between reports and the field",
    description=(
        "For district managers (their districts) and city managers (all): counts per "
        "district, per staff member who reported the contradicted figure, per source, and "
        "the latest ones."
    ),
)
def discrepancies(request: HttpRequest, filters: Query[OverviewFilters]) -> OverviewOut:
    user = current_user(request)
    if not oversees_any(user):
        raise ForbiddenError("این گزارش فقط برای مدیران منطقه و مدیریت شهری است.")
    district = None
    if filters.district is not None:
        district = overseen_district(user, filters.district)
        if district is None:
            raise NotFoundError("این منطقه پیدا نشد.")
    chosen = overview(user, OversightFilters(district, filters.period))
    return OverviewOut.model_validate(overview_data(chosen))


@router.get(
    "/{tracking_code}",
    url_name="inspection_report",
    response={200: ReportOut, **problems(401, 404)},
    summary="The visit's report (draft or submitted)",
)
def get_report(request: HttpRequest, tracking_code: str) -> ReportOut:
    return _report(request, tracking_code)


@router.put(
    "/{tracking_code}",
    response={200: ReportOut, **problems(401, 404, 409, 422)},
    summary="Save the report as typed so far",
    description=(
        "Send the `revision` you edited; the answer carries the new one. 409 "
        "`stale_revision` when the report was saved elsewhere meanwhile (GET it again), "
        "`already_submitted` once submitted, `visit_closed` when the request left the visit."
    ),
)
def put_report(request: HttpRequest, tracking_code: str, payload: ReportIn) -> ReportOut:
    user = current_user(request)
    visit = visit_to_report(user, tracking_code)
    save_draft(actor=user, visit=visit, draft=_draft(payload))
    return _report(request, tracking_code)


class PhotoForm(Schema):
    taken_at: datetime | None = SchemaField(None, description="The phone's time (ISO 8601).")
    lat: float | None = SchemaField(None, ge=-90, le=90)
    lon: float | None = SchemaField(None, ge=-180, le=180)
    accuracy: float | None = SchemaField(None, ge=0, description="Metres.")


@router.post(
    "/{tracking_code}/photos",
    url_name="inspection_photos",
    response={201: PhotoOut, **problems(401, 404, 409, 422)},
    summary="Add a photo taken on the spot",
    description=(
        "Multipart: `file` (JPEG or PNG), `taken_at` (the phone's time, ISO 8601), `lat`, "
        "`lon`, `accuracy` (metres). An `Idempotency-Key` header makes a retried upload "
        "store the photo once. The answer says how far from the parcel it was taken."
    ),
)
def post_photo(
    request: HttpRequest,
    tracking_code: str,
    file: File[UploadedFile],
    details: Form[PhotoForm],
    idempotency_key: str | None = KEY_HEADER,
) -> Status[PhotoOut]:
    user = current_user(request)
    visit = visit_to_report(user, tracking_code)
    photo = add_photo(
        actor=user,
        visit=visit,
        file=file,
        filename=file.name or "photo.jpg",
        photo=PhotoIn(
            taken_at=details.taken_at,
            lat=details.lat,
            lon=details.lon,
            accuracy=details.accuracy,
            client_key=_key(idempotency_key, required=False),
        ),
    )
    return Status(201, PhotoOut.model_validate(photo_data(photo, user)))


@router.post(
    "/{tracking_code}/submit",
    url_name="inspection_submit",
    response={200: ReportOut, **problems(401, 404, 409, 422)},
    summary="Submit the report (once)",
    description=(
        "Needs an `Idempotency-Key` header: the same key again answers with the submitted "
        "report and changes nothing; another key gets 409 `already_submitted`. An optional "
        "body saves the last draft first (same rules as PUT). 422 lists unreadable figures "
        "and unanswered checklist items. The request then moves on in its workflow."
    ),
)
def submit(
    request: HttpRequest,
    tracking_code: str,
    payload: ReportIn | None = None,
    idempotency_key: str | None = KEY_HEADER,
) -> ReportOut:
    user = current_user(request)
    visit = visit_to_report(user, tracking_code)
    submit_report(
        actor=user,
        visit=visit,
        submission_key=_key(idempotency_key, required=True),
        draft=_draft(payload) if payload is not None else None,
    )
    return _report(request, tracking_code)
