"""Forgotten password (by SMS code), change of password, change of mobile number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.forms import (
    CodeForm,
    CodeRequestForm,
    MobileChangeForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from nama.accounts.services.recovery import (
    change_password,
    confirm_mobile_change,
    request_password_reset,
    resend_mobile_change_code,
    reset_password,
    start_mobile_change,
)
from nama.accounts.views.common import (
    CodePage,
    Flow,
    client_of,
    flow_expired,
    mask_mobile,
    masked_mobile_html,
    render_code_page,
    resend,
    signed_in_user,
)
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.problems import ApiError

RESET = Flow("accounts.reset")
MOBILE = Flow("accounts.mobile")
PASSWORD_RESET_DONE = "گذرواژهٔ تازه ثبت شد. اکنون با آن وارد شوید."  # noqa: S105 - a message
PASSWORD_CHANGED = "گذرواژهٔ شما تغییر کرد. برنامه‌های همراهی که وارد بودند باید دوباره وارد شوند."  # noqa: S105
MOBILE_CHANGED = "شمارهٔ همراه شما تغییر کرد. به شمارهٔ قبلی هم خبر داده شد."


# --- Forgotten password ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = CodeRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        national_id, mobile = form.cleaned_data["national_id"], form.cleaned_data["mobile"]
        try:
            request_password_reset(
                national_id=national_id, mobile=mobile, client=client_of(request)
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            RESET.start(
                request,
                national_id=validate_national_id(national_id),
                mobile=validate_mobile(mobile),
            )
            return redirect("accounts:password_reset_confirm")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    state = RESET.read(request)
    if state is None:
        return flow_expired(request, "accounts:password_reset")
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reset_password(
                national_id=state["national_id"],
                mobile=state["mobile"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            RESET.end(request)
            messages.success(request, PASSWORD_RESET_DONE)
            return redirect("accounts:login")
    page = CodePage(
        title="گذرواژهٔ تازه",
        lead=format_html(
            "اگر کد ملی و شمارهٔ {} متعلق به یک حساب فعال باشد، "
            "کد بازیابی به همین شماره پیامک می‌شود. کد و گذرواژهٔ تازه را وارد کنید.",
            masked_mobile_html(state["mobile"]),
        ),
        action=reverse("accounts:password_reset_confirm"),
        resend_url=reverse("accounts:password_reset_resend"),
        back_url=reverse("accounts:password_reset"),
        back_label="شماره یا کد ملی دیگری وارد کنید",
        submit_label="ثبت گذرواژهٔ تازه",
    )
    return render_code_page(request, form, page, state)


@require_POST
def password_reset_resend(request: HttpRequest) -> HttpResponse:
    state = RESET.read(request)
    if state is None:
        return flow_expired(request, "accounts:password_reset")

    def send(client: ClientInfo) -> None:
        request_password_reset(
            national_id=state["national_id"], mobile=state["mobile"], client=client
        )

    resend(request, RESET, send)
    return redirect("accounts:password_reset_confirm")


# --- Signed in: password and mobile -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change_password(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            # Other sessions end (their password hash no longer matches); this one stays.
            update_session_auth_hash(request, user)
            messages.success(request, PASSWORD_CHANGED)
            return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mobile_change(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = MobileChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mobile = start_mobile_change(
                user=user,
                new_mobile=form.cleaned_data["mobile"],
                password=form.cleaned_data["password"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            MOBILE.start(request, user=user.pk, mobile=mobile)
            return redirect("accounts:mobile_change_confirm")
    context = {"form": form, "current": mask_mobile(user.mobile)}
    return render(request, "accounts/mobile_change.html", context)


def _mobile_state(request: HttpRequest) -> dict[str, object] | None:
    state = MOBILE.read(request)
    return state if state and state.get("user") == signed_in_user(request).pk else None


@login_required
@require_http_methods(["GET", "POST"])
def mobile_change_confirm(request: HttpRequest) -> HttpResponse:
    state = _mobile_state(request)
    if state is None:
        return flow_expired(request, "accounts:mobile_change")
    mobile = str(state["mobile"])
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_mobile_change(
                user=signed_in_user(request),
                new_mobile=mobile,
                code=form.cleaned_data["code"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            MOBILE.end(request)
            messages.success(request, MOBILE_CHANGED)
            return redirect("accounts:home")
    page = CodePage(
        title="تأیید شمارهٔ همراه تازه",
        lead=format_html("کد تأیید شش‌رقمی به شمارهٔ تازهٔ {} پیامک شد.", masked_mobile_html(mobile)),
        action=reverse("accounts:mobile_change_confirm"),
        resend_url=reverse("accounts:mobile_change_resend"),
        back_url=reverse("accounts:mobile_change"),
        back_label="شمارهٔ دیگری وارد کنید",
    )
    return render_code_page(request, form, page, dict(state))


@login_required
@require_POST
def mobile_change_resend(request: HttpRequest) -> HttpResponse:
    state = _mobile_state(request)
    if state is None:
        return flow_expired(request, "accounts:mobile_change")
    user, mobile = signed_in_user(request), str(state["mobile"])

    def send(client: ClientInfo) -> None:
        # The password was checked when this flow started, in this session.
        resend_mobile_change_code(user=user, new_mobile=mobile, client=client)

    resend(request, MOBILE, send)
    return redirect("accounts:mobile_change_confirm")
