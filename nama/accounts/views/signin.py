"""Signing in with a password or an SMS code, and signing out.

Staff pass a second factor before any session starts (``views.staff``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.constants import AccountKind
from nama.accounts.forms import CodeForm, CodeRequestForm, LoginForm
from nama.accounts.models import User
from nama.accounts.services.login import (
    check_code_login,
    check_password_login,
    record_logout,
    request_login_code,
)
from nama.accounts.views.common import (
    CodePage,
    Flow,
    client_of,
    flow_expired,
    is_safe_next,
    masked_mobile_html,
    next_param,
    render_code_page,
    resend,
    safe_next,
    sign_in,
)
from nama.accounts.views.staff import begin_second_factor
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.problems import ApiError

CODE_LOGIN = Flow("accounts.code_login")
SIGNED_OUT = "از حساب خود خارج شدید."


def _page_next(request: HttpRequest) -> str:
    """The ``next`` to carry through the form: only a safe one is kept."""
    wanted = next_param(request)
    return wanted if is_safe_next(request, wanted) else ""


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = check_password_login(
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
                client=client_of(request),
            )
            response = _after_password(request, user)
        except ApiError as error:
            form.add_service_error(error)
        else:
            return response
    context = {"form": form, "next": _page_next(request)}
    return render(request, "accounts/login.html", context)


def _after_password(request: HttpRequest, user: User) -> HttpResponse:
    if user.kind == AccountKind.STAFF:
        return begin_second_factor(request, user, _page_next(request))
    sign_in(request, user, method="password")
    return redirect(safe_next(request, next_param(request)))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        record_logout(user=user, client=client_of(request))
    auth_logout(request)
    messages.info(request, SIGNED_OUT)
    return redirect(settings.LOGOUT_REDIRECT_URL or "/")


# --- Sign in with an SMS code (citizens) --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def code_login(request: HttpRequest) -> HttpResponse:
    form = CodeRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        national_id, mobile = form.cleaned_data["national_id"], form.cleaned_data["mobile"]
        try:
            request_login_code(national_id=national_id, mobile=mobile, client=client_of(request))
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            CODE_LOGIN.start(
                request,
                # Both passed the service's checks; stored in their normal form.
                national_id=validate_national_id(national_id),
                mobile=validate_mobile(mobile),
                next=_page_next(request),
            )
            return redirect("accounts:code_login_confirm")
    context = {"form": form, "next": _page_next(request)}
    return render(request, "accounts/code_login.html", context)


@require_http_methods(["GET", "POST"])
def code_login_confirm(request: HttpRequest) -> HttpResponse:
    state = CODE_LOGIN.read(request)
    if state is None:
        return flow_expired(request, "accounts:code_login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = check_code_login(
                national_id=state["national_id"],
                mobile=state["mobile"],
                code=form.cleaned_data["code"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            CODE_LOGIN.end(request)
            sign_in(request, user, method="code")
            return redirect(safe_next(request, state.get("next")))
    page = CodePage(
        title="ورود با کد پیامکی",
        lead=format_html(
            "اگر کد ملی و شمارهٔ {} متعلق به یک حساب فعال باشد، "
            "کد ورود شش‌رقمی به همین شماره پیامک می‌شود.",
            masked_mobile_html(state["mobile"]),
        ),
        action=reverse("accounts:code_login_confirm"),
        resend_url=reverse("accounts:code_login_resend"),
        back_url=reverse("accounts:code_login"),
        back_label="شماره یا کد ملی دیگری وارد کنید",
        submit_label="ورود",
    )
    return render_code_page(request, form, page, state)


@require_POST
def code_login_resend(request: HttpRequest) -> HttpResponse:
    state = CODE_LOGIN.read(request)
    if state is None:
        return flow_expired(request, "accounts:code_login")

    def send(client: ClientInfo) -> None:
        request_login_code(national_id=state["national_id"], mobile=state["mobile"], client=client)

    resend(request, CODE_LOGIN, send)
    return redirect("accounts:code_login_confirm")
