"""Who works on a request: claim, release, assign to a colleague, and a manager's bulk
reassignment. Each is a POST that calls one service and goes back to the page it came from;
a refusal is shown as the service's Persian message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from nama.cases.models import Case
from nama.core.problems import ApiError
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code
from nama.staff.selectors import colleague, staff_cases, staff_member_named
from nama.staff.services import assign, bulk_reassign, claim, release
from nama.staff.views._data import Workspace
from nama.staff.views.common import back_to, case_of, case_url, report_refusal, staff_page

NO_COLLEAGUE = "همکاری را که درخواست به او سپرده شود انتخاب کنید."
NO_CASES = "هیچ درخواستی انتخاب نشده است؛ درخواست‌ها را با کادر کنار هر ردیف انتخاب کنید."
MAX_BULK = 100


def code_text(case: Case) -> str:
    """The tracking code for a message: grouped, Persian digits, kept left to right."""
    return f"\u2066{to_persian_digits(format_tracking_code(case.tracking_code))}\u2069"


@staff_page
@require_POST
def claim_case(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    case = case_of(workspace.user, code)
    try:
        claim(actor=workspace.user, case=case)
    except (ValidationError, ApiError) as error:
        report_refusal(request, error)
    else:
        messages.success(request, f"درخواست {code_text(case)} اکنون در دست شماست.")
    return back_to(request, case_url(case))


@staff_page
@require_POST
def release_case(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    case = case_of(workspace.user, code)
    try:
        release(actor=workspace.user, case=case, reason=request.POST.get("reason", ""))
    except (ValidationError, ApiError) as error:
        report_refusal(request, error)
    else:
        messages.success(request, f"درخواست {code_text(case)} به کارتابل مشترک برگشت.")
    return back_to(request, case_url(case))


@staff_page
@require_POST
def assign_case(request: HttpRequest, workspace: Workspace, code: str) -> HttpResponse:
    case = case_of(workspace.user, code)
    username = request.POST.get("to", "")
    person = colleague(case, username) if username else None
    if person is None:
        messages.error(request, NO_COLLEAGUE)
        return back_to(request, case_url(case))
    try:
        assign(actor=workspace.user, case=case, to=person, reason=request.POST.get("reason", ""))
    except (ValidationError, ApiError) as error:
        report_refusal(request, error)
    else:
        messages.success(request, f"درخواست {code_text(case)} به {person.display_name} سپرده شد.")
    return back_to(request, case_url(case))


@staff_page
@require_POST
def bulk_assign(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """A manager gives the ticked requests to one colleague, with a reason: all or none."""
    queue_url = reverse("staff:queue")
    codes = [code for code in request.POST.getlist("case") if code.isascii()][:MAX_BULK]
    cases = list(staff_cases(workspace.user).filter(tracking_code__in=codes))
    if not cases:
        messages.error(request, NO_CASES)
        return back_to(request, queue_url)
    username = request.POST.get("to", "")
    person = staff_member_named(username) if username else None
    if person is None:
        messages.error(request, NO_COLLEAGUE)
        return back_to(request, queue_url)
    try:
        count = bulk_reassign(
            actor=workspace.user, cases=cases, to=person, reason=request.POST.get("reason", "")
        )
    except (ValidationError, ApiError) as error:
        report_refusal(request, error)
    else:
        shown = to_persian_digits(str(count))
        messages.success(request, f"{shown} درخواست به {person.display_name} سپرده شد.")
    return back_to(request, queue_url)
