"""The staff second factor: after the password, an authenticator code before any session.

Until the code is accepted nothing but a pending user id and its time sit in the (anonymous)
session, for five minutes. A staff member without a confirmed authenticator first enrolls one
(QR code made here with segno, or the secret typed in by hand), confirmed with an SMS code to
the mobile on file (services.second_factor).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.forms import EnrollmentForm, SecondFactorForm
from nama.accounts.models import User
from nama.accounts.selectors import pending_staff_member
from nama.accounts.services.login import check_second_factor
from nama.accounts.services.second_factor import (
    confirm_enrollment,
    resend_enrollment_code,
    start_enrollment,
)
from nama.accounts.views.common import Flow, client_of, flow_expired, safe_next, sign_in
from nama.core.problems import ApiError

PENDING = Flow("accounts.staff_pending", max_age=5 * 60)
SIGN_IN_EXPIRED = "پنج دقیقه از ورود گذرواژه گذشت؛ برای امنیت حساب، دوباره وارد شوید."


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no inline styles)."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, dark="#0b0c0c", light="#ffffff", svgclass="qr-code")
    # segno writes the markup itself from the device URL: nothing typed by a user is in it.
    return mark_safe(svg)


def secret_groups(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into the app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- Pages -------------------------------------------------------------------------------------


def begin_second_factor(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After a staff member's password: remember them (not signed in) and ask for the code.

    Raises the enrollment service's errors (no mobile on file, throttled) to the caller.
    """
    device = None
    if not user_has_device(user, confirmed=True):
        device = start_enrollment(user=user, client=client_of(request))
    PENDING.start(request, user=user.pk, next=next_url, device=device.pk if device else None)
    return redirect("accounts:enroll" if device else "accounts:second_factor")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    state = PENDING.read(request)
    if state is None:
        return None
    user = pending_staff_member(state["user"])
    return (user, state) if user is not None else None


def _finish(request: HttpRequest, user: User, device: Any, state: dict[str, Any]) -> HttpResponse:
    PENDING.end(request)
    sign_in(request, user, method="password+totp", device=device)
    return redirect(safe_next(request, state.get("next")))


@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return flow_expired(request, "accounts:login", SIGN_IN_EXPIRED)
    user, state = pending
    if state.get("device"):
        return redirect("accounts:enroll")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = check_second_factor(
                user=user, token=form.cleaned_data["token"], client=client_of(request)
            )
        except ApiError as error:
            form.add_service_error(error)
        else:
            return _finish(request, user, device, state)
    return render(request, "accounts/second_factor.html", {"form": form, "staff": user})


@require_POST
def resend_enrollment(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return flow_expired(request, "accounts:login", SIGN_IN_EXPIRED)
    try:
        resend_enrollment_code(user=pending[0], client=client_of(request))
    except ApiError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "کد تازه پیامک شد.")
    return redirect("accounts:enroll")


@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return flow_expired(request, "accounts:login", SIGN_IN_EXPIRED)
    user, state = pending
    device = TOTPDevice.objects.filter(pk=state.get("device") or 0, user=user).first()
    if device is None or device.confirmed:
        return redirect("accounts:second_factor")
    form = EnrollmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_enrollment(
                user=user,
                device=device,
                token=form.cleaned_data["token"],
                sms_code=form.cleaned_data["sms_code"],
                client=client_of(request),
            )
        except ApiError as error:
            form.add_service_error(error)
        else:
            return _finish(request, user, device, state)
    context = {
        "form": form,
        "staff": user,
        "qr_svg": qr_svg(device),
        "secret": secret_groups(device),
        "mobile": user.mobile,
    }
    return render(request, "accounts/enroll.html", context)
