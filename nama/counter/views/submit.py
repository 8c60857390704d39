"""The end of the counter journey: review, submit (once, however often it is clicked), and the
printable receipt with the tracking code to hand to the citizen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from nama.cases.applying import document_rows
from nama.cases.constants import CaseStatus
from nama.cases.forms import answer_label
from nama.cases.models import Case
from nama.cases.services import submit_case
from nama.catalog.schema import ServiceSpec
from nama.catalog.selectors import spec_of
from nama.core.masking import mask_mobile, mask_national_id
from nama.core.problems import ApiError
from nama.counter.views.common import case_of, forget_walk_in, journey
from nama.counter.views.steps import missing_answers


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    value: str
    required: bool
    errors: list[str]


def _answers(spec: ServiceSpec, case: Case, missing: dict[str, list[str]]) -> list[Answer]:
    return [
        Answer(
            field.name,
            field.label,
            answer_label(field, case.form_data.get(field.name)),
            field.required,
            missing.get(field.name, []),
        )
        for field in spec.form
    ]


def _review(
    request: HttpRequest, case: Case, missing: dict[str, list[str]], error: str = ""
) -> HttpResponse:
    spec = spec_of(case.service_version)
    fields = {field.name for field in spec.form}
    rows = document_rows(case)
    context: dict[str, Any] = {
        "case": case,
        "spec": spec,
        "citizen_mobile": mask_mobile(case.applicant.mobile),
        "answers": _answers(spec, case, missing),
        "missing": missing,
        "document_errors": missing.get("documents", []),
        "other_errors": [
            message
            for key, messages in missing.items()
            if key not in fields and key != "documents"
            for message in messages
        ],
        "error": error,
        "documents": rows,
        "documents_missing": [row.spec.label for row in rows if row.missing],
        "journey": journey(5),
    }
    return render(request, "counter/review.html", context, status=409 if error else 200)


@login_required
@require_safe
def review(request: HttpRequest, code: str) -> HttpResponse:
    """Everything at a glance before submitting."""
    _user, case = case_of(request, code)
    if case.status != CaseStatus.DRAFT:
        return redirect("counter:receipt", code=case.tracking_code)
    return _review(request, case, missing_answers(spec_of(case.service_version), case))


@login_required
@require_POST
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """Submit for the citizen (idempotent: a second click lands on the same receipt)."""
    user, case = case_of(request, code)
    if case.status != CaseStatus.DRAFT:
        return redirect("counter:receipt", code=case.tracking_code)
    try:
        submit_case(actor=user, case=case)
    except ValidationError as refused:
        return _review(request, case, dict(refused.message_dict))
    except ApiError as refused:
        return _review(request, case, {}, refused.detail)
    forget_walk_in(request)
    return redirect("counter:receipt", code=case.tracking_code)


@login_required
@require_safe
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The printable receipt: tracking code, service, date, and how to follow it online."""
    _user, case = case_of(request, code)
    if case.status == CaseStatus.DRAFT:
        return redirect("counter:review", code=case.tracking_code)
    context = {
        "case": case,
        "citizen_national_id": mask_national_id(case.applicant.national_id),
        "citizen_mobile": mask_mobile(case.applicant.mobile),
    }
    return render(request, "counter/receipt.html", context)
