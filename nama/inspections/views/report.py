"""The report of the visit being made, on the inspector's phone.

report.js saves as the inspector types (the API's PUT) and keeps a copy on the phone; without
JavaScript the same form posts here (save or submit) and photos post to ``photo``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.core.problems import ApiError, NotFoundError
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.inspections.constants import BUILT_AREA_BY_FLOOR, MEASURES, USES, VIOLATIONS
from nama.inspections.forms import draft_from_post
from nama.inspections.presenting import photo_data
from nama.inspections.selectors import ReportState, report_state, visit_to_report
from nama.inspections.services import DraftIn, PhotoIn, add_photo, save_draft, submit_report
from nama.visits.models import Visit

SAVED = "گزارش ذخیره شد."
SUBMITTED = "گزارش بازدید ثبت شد و درخواست به مرحلهٔ بعد رفت."
PHOTO_ADDED = "عکس افزوده شد."
CONFIRM = "پیش از ثبت نهایی، تأیید کنید که گزارش کامل است."


def _visit(request: HttpRequest, tracking_code: str) -> tuple[User, Visit]:
    user = signed_in_user(request)
    try:
        return user, visit_to_report(user, tracking_code)
    except NotFoundError as error:
        raise Http404(error.detail) from error


def _typed(state: ReportState, draft: DraftIn | None) -> dict[str, Any]:
    """What the form shows: what was just posted, else the saved draft."""
    if draft is not None:
        return {"values": draft.values, "checklist": draft.checklist, "notes": draft.notes}
    return {"values": state.values, "checklist": state.checklist, "notes": state.notes}


def _measures(values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": measure.label,
            "unit": measure.unit,
            "value": values.get(key, ""),
            "count": measure.kind == "count",
            "errors": errors.get(key, []),
        }
        for key, measure in MEASURES.items()
        if key not in {"built_area", "use"}
    ]


def _render(
    request: HttpRequest,
    state: ReportState,
    *,
    draft: DraftIn | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    typed = _typed(state, draft)
    values = typed["values"]
    floors = [str(v) for v in values.get(BUILT_AREA_BY_FLOOR) or []]
    code = state.visit.case.tracking_code
    context = {
        "state": state,
        "case": state.visit.case,
        "tracking_display": to_persian_digits(format_tracking_code(code)),
        "visit": state.visit,
        "typed": typed,
        "measures": _measures(values, errors),
        "floor_areas": [*floors, ""] if state.open else floors,
        "uses": USES,
        "errors": errors,
        "checklist_rows": _checklist_rows(state, typed["checklist"], errors),
        "violations": values.get(VIOLATIONS, ""),
        "submission_key": uuid.uuid4().hex,
        "api_url": reverse("api:inspection_report", args=[code]),
        "submit_url": reverse("api:inspection_submit", args=[code]),
        "photos_url": reverse("api:inspection_photos", args=[code]),
        "photos": [photo_data(photo, signed_in_user(request)) for photo in state.photos],
        "max_distance": settings.NAMA_PHOTO_MAX_DISTANCE_M,
    }
    return render(request, "inspections/report.html", context, status=status)


def _checklist_rows(
    state: ReportState, answers: dict[str, Any], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    rows = []
    for number, item in enumerate(state.items, start=1):
        answer = answers.get(item.key) or {}
        rows.append(
            {
                "number": number,
                "key": item.key,
                "label": item.label,
                "ok": answer.get("ok"),
                "note": answer.get("note", ""),
                "errors": errors.get(f"checklist.{item.key}", []),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """The report form (GET); saving or submitting it without JavaScript (POST)."""
    user, visit = _visit(request, tracking_code)
    state = report_state(visit)
    if request.method != "POST":
        return _render(request, state)
    draft = draft_from_post(request.POST, state.items)
    try:
        if request.POST.get("_action") == "submit":
            return _submit(request, user, visit, draft)
        save_draft(actor=user, visit=visit, draft=draft)
    except ValidationError as error:
        return _render(request, state, draft=draft, errors=error.message_dict, status=422)
    except ApiError as error:
        messages.error(request, error.detail)
        return _render(request, report_state(visit), draft=draft, status=error.status)
    messages.success(request, SAVED)
    return redirect("inspections:report", tracking_code=visit.case.tracking_code)


def _submit(request: HttpRequest, user: User, visit: Visit, draft: DraftIn) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        state = report_state(visit)
        return _render(request, state, draft=draft, errors={"confirm": [CONFIRM]}, status=422)
    submit_report(
        actor=user,
        visit=visit,
        submission_key=str(request.POST.get("submission_key", "")),
        draft=draft,
    )
    messages.success(request, SUBMITTED)
    return redirect("inspections:today")


def _photo_in(request: HttpRequest) -> PhotoIn:
    def number(name: str) -> float | None:
        try:
            return float(str(request.POST.get(name, "")))
        except ValueError:
            return None

    taken = str(request.POST.get("taken_at", ""))
    try:
        taken_at = datetime.fromisoformat(taken) if taken else None
    except ValueError:
        taken_at = None
    return PhotoIn(
        taken_at=taken_at if taken_at is None or taken_at.tzinfo else None,
        lat=number("lat"),
        lon=number("lon"),
        accuracy=number("accuracy"),
        client_key=str(request.POST.get("client_key", ""))[:100],
    )


@login_required
@require_POST
def photo(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """A photo from the report page's file field (without JavaScript: no position)."""
    user, visit = _visit(request, tracking_code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError("عکسی انتخاب نشده است.")
        add_photo(
            actor=user,
            visit=visit,
            file=upload,
            filename=upload.name or "",
            photo=_photo_in(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ApiError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, PHOTO_ADDED)
    return redirect("inspections:report", tracking_code=visit.case.tracking_code)
