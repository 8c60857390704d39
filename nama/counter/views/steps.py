"""Filling a counter request in: the service's form (rendered as the citizen's form is) and the
scanned documents, one upload per slot. Only drafts; a submitted request shows its receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nama.cases.applying import document_rows
from nama.cases.constants import CaseStatus
from nama.cases.documents import attach_document, current_documents
from nama.cases.forms import CaseForm
from nama.cases.forms_schema import clean_form
from nama.cases.models import Case
from nama.cases.services import update_form
from nama.catalog.schema import ServiceSpec
from nama.catalog.selectors import spec_of
from nama.core.problems import ApiError
from nama.counter.views.common import case_of, journey
from nama.documents.selectors import download_url

SAVED = "آنچه نوشتید ذخیره شد."
UPLOADED = "مدرک بارگذاری شد."
NO_FILE = "فایلی انتخاب نشده است."


def missing_answers(spec: ServiceSpec, case: Case) -> dict[str, list[str]]:
    """What submitting would refuse about the saved answers (field → messages)."""
    try:
        clean_form(spec.form, case.form_data, partial=False)
    except ValidationError as error:
        return dict(error.message_dict)
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def case_form(request: HttpRequest, code: str) -> HttpResponse:
    """The service's form for the citizen, typed by the clerk (any digit script, Jalali dates)."""
    user, case = case_of(request, code)
    if case.status != CaseStatus.DRAFT:
        return redirect("counter:receipt", code=case.tracking_code)
    spec = spec_of(case.service_version)
    posted = request.POST if request.method == "POST" else None
    form = CaseForm(spec.form, posted, stored=case.form_data)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            answers = form.answers()
            if answers:
                case = update_form(actor=user, case=case, data=answers)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            missing = missing_answers(spec, case)
            if request.POST.get("_step") == "continue" and not missing:
                return redirect("counter:documents", code=case.tracking_code)
            if request.POST.get("_step") != "continue":
                messages.success(request, SAVED)
                return redirect("counter:form", code=case.tracking_code)
            form.add_service_error(ValidationError(missing))
            saved = True
    context = {"case": case, "spec": spec, "form": form, "saved": saved, "journey": journey(3)}
    return render(request, "counter/form.html", context)


@login_required
@require_safe
def documents(request: HttpRequest, code: str) -> HttpResponse:
    """The service's document slots, each with an upload form for its scan."""
    user, case = case_of(request, code)
    if case.status != CaseStatus.DRAFT:
        return redirect("counter:receipt", code=case.tracking_code)
    current = current_documents(case)
    context = {
        "case": case,
        "spec": spec_of(case.service_version),
        "documents": document_rows(case),
        "downloads": {kind: download_url(doc.upload, user) for kind, doc in current.items()},
        "journey": journey(4),
    }
    return render(request, "counter/documents.html", context)


@login_required
@require_POST
def document_upload(request: HttpRequest, code: str) -> HttpResponse:
    """One scanned document into its slot (replacing the slot's earlier file)."""
    user, case = case_of(request, code)
    document_type = request.POST.get("document_type", "")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, NO_FILE)
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
            messages.success(request, UPLOADED)
    url = reverse("counter:documents", args=[case.tracking_code])
    return redirect(f"{url}#document-{document_type}" if document_type.isidentifier() else url)
