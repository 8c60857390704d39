"""Filling a request in: the form (or only the fields staff asked to correct), the documents
step, review and submit, the confirmation with the tracking code; discarding a draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nama.accounts.views.common import mask_mobile
from nama.cases.applying import (
    OPEN_STATUSES,
    case_facts,
    correction_of,
    document_rows,
    editable_fields,
)
from nama.cases.constants import CaseStatus
from nama.cases.documents import attach_document, current_documents
from nama.cases.forms import CaseForm, answer_label
from nama.cases.forms_schema import REQUIRED, clean_form
from nama.cases.models import Case
from nama.cases.selectors import cases_of_applicant
from nama.cases.services import discard_draft, submit_case, update_form
from nama.cases.views.common import applicant_case, journey, spec_of_case
from nama.catalog.schema import ServiceSpec
from nama.core.problems import ApiError
from nama.documents.selectors import download_url

SAVED = "پیش‌نویس ذخیره شد. هر وقت بخواهید از «درخواست‌های من» ادامه دهید."
CORRECTED = "اصلاحات ذخیره شد."
NOT_EDITABLE = "اطلاعات این درخواست اکنون قابل ویرایش نیست."
ALREADY_SUBMITTED = "این درخواست پیش‌تر ثبت نهایی شده است."
DISCARDED = "پیش‌نویس حذف شد."


def _missing(spec: ServiceSpec, case: Case) -> dict[str, list[str]]:
    """What submitting would refuse about the saved answers (field → messages)."""
    try:
        clean_form(spec.form, case.form_data, partial=False)
    except ValidationError as error:
        return dict(error.message_dict)
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def case_form(request: HttpRequest, code: str) -> HttpResponse:
    """A draft's whole form, or — when staff returned the request — only the named fields."""
    user, case = applicant_case(request, code)
    allowed = editable_fields(case)
    if allowed is not None and not allowed:
        messages.info(request, NOT_EDITABLE)
        return redirect("cases:detail", code=case.tracking_code)
    spec = spec_of_case(case)
    correcting = allowed is not None
    form = CaseForm(
        spec.form,
        request.POST if request.method == "POST" else None,
        stored=case.form_data,
        only=allowed,
    )
    if request.method == "POST" and form.is_valid():
        if correcting and form.blanks():
            form.add_service_error(ValidationError({name: [REQUIRED] for name in form.blanks()}))
        else:
            answers = form.answers()
            try:
                if answers:
                    case = update_form(actor=user, case=case, data=answers)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return _after_save(request, case, spec, form, correcting=correcting)
    return _render_form(request, case, spec, form, correcting=correcting)


def _after_save(
    request: HttpRequest, case: Case, spec: ServiceSpec, form: CaseForm, *, correcting: bool
) -> HttpResponse:
    if correcting:
        messages.success(request, CORRECTED)
        return redirect(reverse("cases:detail", kwargs={"code": case.tracking_code}) + "#needed")
    if request.POST.get("_step") != "continue":
        messages.success(request, SAVED)
        return redirect("cases:form", code=case.tracking_code)
    missing = _missing(spec, case)
    if not missing:
        return redirect("cases:documents", code=case.tracking_code)
    form.add_service_error(ValidationError(missing))
    return _render_form(request, case, spec, form, correcting=False, saved=True)


def _render_form(
    request: HttpRequest,
    case: Case,
    spec: ServiceSpec,
    form: CaseForm,
    *,
    correcting: bool,
    saved: bool = False,
) -> HttpResponse:
    context = {
        "case": case,
        "spec": spec,
        "form": form,
        "correcting": correcting,
        "correction": correction_of(case, spec) if correcting else None,
        "saved": saved,
        "journey": journey(2),
    }
    return render(request, "cases/form.html", context)


def _documents_open(case: Case) -> set[str] | None:
    """Which document types may be uploaded now: all (a draft), those a correction asks for,
    or none (None means the page has nothing to do)."""
    if case.status == CaseStatus.DRAFT:
        return {row.spec.type for row in document_rows(case)}
    asked = set(case.corrections.get("documents", []))
    if case.workflow is not None and case.workflow.state == "returned" and asked:
        return asked
    return None


@login_required
@require_safe
def documents(request: HttpRequest, code: str) -> HttpResponse:
    """The documents the service asks for, each with an upload form while it may change."""
    user, case = applicant_case(request, code)
    open_types = _documents_open(case)
    if open_types is None:
        return redirect("cases:detail", code=case.tracking_code)
    current = current_documents(case)
    context = {
        "case": case,
        "spec": spec_of_case(case),
        "documents": document_rows(case),
        "open_types": open_types,
        "downloads": {kind: download_url(doc.upload, user) for kind, doc in current.items()},
        "journey": journey(3),
        "correcting": case.status != CaseStatus.DRAFT,
    }
    return render(request, "cases/documents.html", context)


@login_required
@require_POST
def document_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Upload one document into its slot (replacing the earlier file of that slot)."""
    user, case = applicant_case(request, code)
    document_type = request.POST.get("document_type", "")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "فایلی انتخاب نشده است.")
    else:
        try:
            attach_document(
                actor=user,
                case=case,
                document_type=document_type,
                file=upload,
                filename=upload.name or "",
            )
        except (ValidationError, ApiError) as error:
            detail = error.detail if isinstance(error, ApiError) else "؛ ".join(error.messages)
            messages.error(request, detail)
        else:
            messages.success(request, "مدرک بارگذاری شد.")
    return redirect(
        f"{reverse('cases:documents', args=[case.tracking_code])}#document-{document_type}"
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: str) -> HttpResponse:
    """Everything at a glance, then submit (idempotent: a double click submits once)."""
    user, case = applicant_case(request, code)
    if case.status != CaseStatus.DRAFT:
        if request.method == "POST":  # a second click or a retry after it went through
            return redirect("cases:submitted", code=case.tracking_code)
        messages.info(request, ALREADY_SUBMITTED)
        return redirect("cases:detail", code=case.tracking_code)
    spec = spec_of_case(case)
    error = ""
    duplicate: Case | None = None
    missing = _missing(spec, case)
    if request.method == "POST":
        try:
            submit_case(actor=user, case=case)
        except ValidationError as refused:
            missing = dict(refused.message_dict)
        except ApiError as refused:
            error = refused.detail
            if refused.code == "duplicate_open_case":
                duplicate = (
                    cases_of_applicant(user)
                    .filter(service=case.service, parcel=case.parcel, status__in=OPEN_STATUSES)
                    .exclude(pk=case.pk)
                    .first()
                )
        else:
            return redirect("cases:submitted", code=case.tracking_code)
    fields = {field.name for field in spec.form}
    rows = document_rows(case)
    context: dict[str, Any] = {
        "case": case,
        "spec": spec,
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
        "duplicate": duplicate,
        "documents": rows,
        "documents_missing": [row.spec.label for row in rows if row.missing],
        "journey": journey(4),
    }
    return render(request, "cases/review.html", context)


@login_required
@require_safe
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation: the tracking code, and that it was sent by SMS."""
    _user, case = applicant_case(request, code)
    if case.status == CaseStatus.DRAFT:
        return redirect("cases:review", code=case.tracking_code)
    mobiles = [
        mask_mobile(person.mobile)
        for person in dict.fromkeys([case.applicant, case.owner_or_applicant])
        if person.mobile
    ]
    context = {"case": case, "facts": case_facts(case), "mobiles": mobiles}
    return render(request, "cases/submitted.html", context)


@login_required
@require_POST
def discard(request: HttpRequest, code: str) -> HttpResponse:
    user, case = applicant_case(request, code)
    try:
        discard_draft(actor=user, case=case)
    except ApiError as error:
        messages.error(request, error.detail)
        return redirect("cases:detail", code=case.tracking_code)
    messages.success(request, DISCARDED)
    return redirect("cases:mine")
