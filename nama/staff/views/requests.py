"""The request page for staff: everything about the request, who holds it, and the workflow
actions the member may take (each a form asking for its inputs); messages and internal notes.

Anyone but staff of the request's district gets the same 404 as for an unknown code.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from nama.accounts.models import User
from nama.cases.applying import correction_of
from nama.cases.models import Case
from nama.cases.selectors import current_step
from nama.cases.services import act, post_message
from nama.core.problems import ApiError
from nama.staff.casefile import case_file, staff_actions
from nama.staff.forms import ActionForm, NoteForm
from nama.staff.selectors import colleagues
from nama.staff.views import case_data
from nama.staff.views._data import Workspace
from nama.staff.views.common import case_of, case_url, staff_page

CHANGED = "این درخواست هم‌زمان به دست کس دیگری تغییر کرد؛ صفحه تازه شد. وضعیت کنونی را ببینید."
NOT_NOW = "این اقدام اکنون برای شما ممکن نیست."
NOTE_SAVED = "یادداشت داخلی ثبت شد."
MESSAGE_SENT = "پیام برای متقاضی فرستاده شد."


def _colleagues(user: User, case: Case, may_assign: bool) -> list[User]:
    if not may_assign:
        return []
    return [person for person in colleagues(case) if person.pk not in {user.pk, case.holder_id}]


def _context(
    workspace: Workspace,
    case: Case,
    *,
    bound: ActionForm | None = None,
    note_form: NoteForm | None = None,
) -> dict[str, Any]:
    user = workspace.user
    file = case_file(user, case)
    action_forms = [
        bound if bound is not None and bound.action.action == action.action else ActionForm(action)
        for action in file.actions
    ]
    step = current_step(case)
    return {
        "case": case,
        "file": file,
        "step": step,
        "step_number": case.workflow.step if case.workflow else 0,
        "colleagues": _colleagues(user, case, file.options.assign),
        "action_forms": action_forms,
        "rounds": case_data.correction_rounds(case, file.spec),
        "correction": correction_of(case, file.spec),
        "documents": case_data.document_views(file.documents),
        "property": case_data.property_context(case),
        "events": case_data.events(file.timeline, file.spec),
        "note_form": note_form or NoteForm(),
        "applicant_side": {case.applicant_id, case.owner_id},
    }


@staff_page
@require_safe
def detail(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    case = case_of(workspace.user, code)
    return render(request, "staff/case.html", _context(workspace, case))


def _expected_step(request: HttpRequest) -> int | None:
    raw = request.POST.get("step", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@staff_page
@require_POST
def take_action(request: HttpRequest, workspace: Workspace, code: str, action: str) -> HttpResponse:
    """Take one workflow action with its inputs; the page's step number guards against acting
    on a request that moved on since the page was drawn."""
    user = workspace.user
    case = case_of(user, code)
    expected = _expected_step(request)
    available = {item.action: item for item in staff_actions(user, case)}
    if action not in available:
        moved = case.workflow is not None and expected != case.workflow.step
        messages.error(request, CHANGED if moved else NOT_NOW)
        return redirect(case_url(case))
    form = ActionForm(available[action], request.POST)
    if form.is_valid():
        try:
            act(actor=user, case=case, action=action, inputs=form.inputs(), expected_step=expected)
        except ValidationError as error:
            form.add_service_error(error)
        except ApiError as error:
            changed = error.code == "changed_meanwhile"
            messages.error(request, CHANGED if changed else error.detail)
            return redirect(case_url(case))
        else:
            messages.success(request, f"«{available[action].label}» انجام شد.")
            return redirect(case_url(case))
    context = _context(workspace, case, bound=form)
    context["open_action"] = action
    return render(request, "staff/case.html", context)


@staff_page
@require_POST
def note(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    """An internal note (never shown to the applicant) or a message to the applicant."""
    user = workspace.user
    case = case_of(user, code)
    form = NoteForm(request.POST)
    if form.is_valid():
        internal = form.internal
        try:
            post_message(actor=user, case=case, body=form.cleaned_data["body"], internal=internal)
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, NOTE_SAVED if internal else MESSAGE_SENT)
            return redirect(case_url(case, "messages"))
    return render(request, "staff/case.html", _context(workspace, case, note_form=form))
