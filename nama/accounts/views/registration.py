"""Citizen registration: details and password → code sent to the mobile → signed in."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.forms import CodeForm, RegistrationForm
from nama.accounts.services.registration import (
    clean_registration,
    confirm_registration,
    register_citizen,
    resend_registration_code,
)
from nama.accounts.views.common import (
    CodePage,
    Flow,
    client_of,
    flow_expired,
    masked_mobile_html,
    render_code_page,
    resend,
    sign_in,
)
from nama.core.http import ClientInfo
from nama.core.problems import ApiError

REGISTER = Flow("accounts.register")
WELCOME = "ثبت‌نام شما کامل شد و وارد حساب خود شدید. خوش آمدید!"


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _submit(request, form):
        return redirect("accounts:register_confirm")
    return render(request, "accounts/register.html", {"form": form})


def _submit(request: HttpRequest, form: RegistrationForm) -> bool:
    parsed = form.is_valid()
    try:
        # Even when something did not parse, the service reports every other bad field.
        registration = clean_registration(**form.registration_fields())
    except ValidationError as error:
        form.add_service_error(error)
        return False
    if not parsed:
        return False
    try:
        register_citizen(registration=registration, client=client_of(request))
    except ApiError as error:
        form.add_service_error(error)
        return False
    REGISTER.start(request, national_id=registration.national_id, mobile=registration.mobile)
    return True


@require_http_methods(["GET", "POST"])
def register_confirm(request: HttpRequest) -> HttpResponse:
    state = REGISTER.read(request)
    if state is None:
        return flow_expired(request, "accounts:register")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = confirm_registration(
                national_id=state["national_id"],
                mobile=state["mobile"],
                code=form.cleaned_data["code"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            REGISTER.end(request)
            sign_in(request, user, method="registration")
            messages.success(request, WELCOME)
            return redirect("accounts:home")
    return render_code_page(request, form, _code_page(state["mobile"]), state)


def _code_page(mobile: str) -> CodePage:
    return CodePage(
        title="تأیید شماره همراه",
        lead=format_html(
            "کد تأیید شش‌رقمی به شمارهٔ {} پیامک می‌شود. "
            "اگر پیش‌تر با این کد ملی ثبت‌نام کرده‌اید، کدی نمی‌رسد: "
            "به جای آن از «فراموشی گذرواژه» استفاده کنید.",
            masked_mobile_html(mobile),
        ),
        action=reverse("accounts:register_confirm"),
        resend_url=reverse("accounts:register_resend"),
        back_url=reverse("accounts:register"),
        back_label="اطلاعات را اشتباه وارد کرده‌اید؟ دوباره ثبت‌نام کنید",
        submit_label="تأیید و ورود",
    )


@require_POST
def register_resend(request: HttpRequest) -> HttpResponse:
    state = REGISTER.read(request)
    if state is None:
        return flow_expired(request, "accounts:register")
    national_id, mobile = state["national_id"], state["mobile"]

    def send(client: ClientInfo) -> None:
        resend_registration_code(national_id=national_id, mobile=mobile, client=client)

    resend(request, REGISTER, send)
    return redirect("accounts:register_confirm")
