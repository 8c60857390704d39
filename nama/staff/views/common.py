"""What the staff pages share: who may open them, finding a request, where to go back to,
and turning a service's refusal into a Persian message.

Only a staff member whose session passed the second factor and who holds a role has a
queue; everyone else signed in gets the same 404 as for a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from nama.accounts.models import User
from nama.accounts.views.common import is_safe_next, signed_in_user
from nama.cases.models import Case
from nama.core.problems import ApiError, NotFoundError
from nama.staff.selectors import staff_case
from nama.staff.views._data import Workspace

NOT_STAFF = "این صفحه پیدا نشد."
StaffView = Callable[..., HttpResponse]


def staff_page(view: StaffView) -> StaffView:
    """Sign-in required; then 404 unless a verified staff member holding a role.

    The view receives the ``Workspace`` (the member's roles) as its second argument.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        workspace = Workspace.of(signed_in_user(request))
        if not workspace.roles:
            raise Http404(NOT_STAFF)
        return view(request, workspace, *args, **kwargs)

    return wrapper


def case_of(user: User, code: str) -> Case:
    """The request ``code`` of the user's districts; 404 otherwise (as for an unknown code)."""
    try:
        return staff_case(user, code)
    except NotFoundError as error:
        raise Http404(error.detail) from error


def case_url(case: Case, anchor: str = "") -> str:
    url = reverse("staff:case", kwargs={"code": case.tracking_code})
    return f"{url}#{anchor}" if anchor else url


def back_to(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the staff page the form came from (``next``), or ``default``."""
    target = str(request.POST.get("next", ""))
    if target.startswith("/staff/") and is_safe_next(request, target):
        return redirect(target)
    return redirect(default)


def refusal_text(error: ValidationError | ApiError) -> str:
    """A service's refusal in one Persian sentence (or a few, joined)."""
    if isinstance(error, ApiError):
        return error.detail
    return "؛ ".join(error.messages)


def report_refusal(request: HttpRequest, error: ValidationError | ApiError) -> None:
    messages.error(request, refusal_text(error))
