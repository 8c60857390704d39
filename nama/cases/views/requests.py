"""The applicant's requests: the list with filters, a request's page (timeline, current step,
what is needed, corrections, messages), resubmitting after a correction and withdrawing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.cases.applying import (
    APPLICANT_ACTIONS,
    WAITING_FOR_YOU,
    case_facts,
    correction_of,
    document_rows,
    events_of,
    messages_of,
    unread_ids,
)
from nama.cases.constants import CaseStatus
from nama.cases.forms import MessageForm, WithdrawForm, answer_label
from nama.cases.models import Case
from nama.cases.selectors import actions_for, cases_of_applicant, filter_cases, unread_count
from nama.cases.services import act, mark_read, post_message, withdraw
from nama.cases.views.common import applicant_case, spec_of_case
from nama.core.problems import ApiError
from nama.core.text import normalize_digits

PAGE_SIZE = 20
RESUBMITTED = "درخواست پس از اصلاح دوباره فرستاده شد."
WITHDRAWN = "از این درخواست انصراف دادید."
SENT = "پیام شما فرستاده شد."
NO_WITHDRAWAL = "انصراف از این درخواست در وضعیت کنونی آن ممکن نیست."


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """The user's requests, newest first, filtered by status and service."""
    user = signed_in_user(request)
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    service = normalize_digits(request.GET.get("service", "")[:10]).strip().upper()
    everything = cases_of_applicant(user)
    services = list(
        everything.order_by("service__code")
        .values_list("service__code", "service__title")
        .distinct()
    )
    if service not in {code for code, _title in services}:
        service = ""
    page = Paginator(filter_cases(everything, status=status, service=service), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "rows": [case_facts(case) for case in page],
        "page": page,
        "status": status,
        "service": service,
        "statuses": [
            (value, WAITING_FOR_YOU if value == CaseStatus.WAITING_FOR_APPLICANT else label)
            for value, label in CaseStatus.choices
        ],
        "services": services,
        "filtered": bool(status or service),
        # Filters are noise for a few requests of one service.
        "show_filters": bool(status or service) or len(services) > 1 or page.paginator.count > 4,
        "unread": unread_count(user),
    }
    return render(request, "cases/mine.html", context)


def _detail_context(
    request: HttpRequest, user: User, case: Case, message_form: MessageForm
) -> dict[str, Any]:
    spec = spec_of_case(case)
    actions = {
        action.action: action
        for action in actions_for(user, case)
        if action.action in APPLICANT_ACTIONS
    }
    return {
        "case": case,
        "spec": spec,
        "facts": case_facts(case),
        "events": events_of(case, user),
        "correction": correction_of(case, spec),
        "actions": actions,
        "answers": [
            (field.label, answer_label(field, case.form_data.get(field.name)))
            for field in spec.form
        ],
        "documents": document_rows(case),
        "messages_list": messages_of(case, user),
        "message_form": message_form,
        "step_number": case.workflow.step if case.workflow else 0,
    }


@login_required
@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    user, case = applicant_case(request, code)
    unread = unread_ids(user, case)
    if unread:  # reading the request reads the news about it
        mark_read(actor=user, notification_ids=unread)
    context = _detail_context(request, user, case, MessageForm())
    return render(request, "cases/detail.html", context)


@login_required
@require_POST
def message(request: HttpRequest, code: str) -> HttpResponse:
    user, case = applicant_case(request, code)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            post_message(actor=user, case=case, body=form.cleaned_data["body"])
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, SENT)
            return redirect(
                reverse("cases:detail", kwargs={"code": case.tracking_code}) + "#messages"
            )
    context = _detail_context(request, user, case, form)
    return render(request, "cases/detail.html", context)


def _expected_step(request: HttpRequest) -> int | None:
    raw = request.POST.get("step", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


@login_required
@require_POST
def resubmit(request: HttpRequest, code: str) -> HttpResponse:
    """Send the request back to staff after correcting what they asked for."""
    user, case = applicant_case(request, code)
    try:
        act(actor=user, case=case, action="resubmit", expected_step=_expected_step(request))
    except (ValidationError, ApiError) as error:
        detail = error.detail if isinstance(error, ApiError) else "؛ ".join(error.messages)
        messages.error(request, detail)
    else:
        messages.success(request, RESUBMITTED)
    return redirect("cases:detail", code=case.tracking_code)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_case(request: HttpRequest, code: str) -> HttpResponse:
    """Ask first (works without JavaScript), then withdraw."""
    user, case = applicant_case(request, code)
    if "withdraw" not in {action.action for action in actions_for(user, case)}:
        messages.error(request, NO_WITHDRAWAL)
        return redirect("cases:detail", code=case.tracking_code)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(actor=user, case=case, reason=form.cleaned_data["reason"])
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, WITHDRAWN)
            return redirect("cases:detail", code=case.tracking_code)
    context = {"case": case, "form": form, "facts": case_facts(case)}
    return render(request, "cases/withdraw.html", context)
