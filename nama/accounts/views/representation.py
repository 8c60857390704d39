"""Representatives: people who may act for me, people I act for; authorise with an SMS code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.constants import AccountKind, RepresentationStatus
from nama.accounts.forms import CodeForm, RepresentationForm
from nama.accounts.models import Representation, User
from nama.accounts.selectors import representations_given, representations_held
from nama.accounts.services.representation import (
    confirm_representation,
    request_representation,
    resend_representation_code,
    revoke_representation,
)
from nama.accounts.views.common import (
    CodePage,
    Flow,
    client_of,
    flow_expired,
    mask_national_id,
    masked_mobile_html,
    render_code_page,
    resend,
    signed_in_user,
)
from nama.core.http import ClientInfo
from nama.core.jalali import TEHRAN, format_jalali_date, tehran_today
from nama.core.problems import ApiError, NotFoundError

PENDING = Flow("accounts.representation")
CONFIRMED = "نمایندگی فعال شد و به نماینده پیامک شد."
REVOKED = "نمایندگی لغو شد."
_TONES = {
    RepresentationStatus.ACTIVE: "ok",
    RepresentationStatus.PENDING: "warn",
    RepresentationStatus.REVOKED: "off",
}


@dataclass(frozen=True)
class GrantRow:
    grant: Representation
    person: User
    national_id: str
    status: str
    tone: str  # ok, warn or off: the colour of the status tag
    scope: str


def end_of_day(day: date) -> datetime:
    """A representation lasts to the end of its last day, Tehran time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=TEHRAN)


@login_required
@require_http_methods(["GET", "POST"])
def representatives(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = RepresentationForm(
        request.POST if request.method == "POST" else None,
        initial={"expires_on": format_jalali_date(tehran_today() + timedelta(days=365))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = request_representation(
                owner=user,
                representative_national_id=form.cleaned_data["national_id"],
                representative_mobile=form.cleaned_data["mobile"],
                services=form.cleaned_data["service_codes"],
                expires_at=end_of_day(form.cleaned_data["expires_on"]),
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            PENDING.start(request, representation=grant.pk, owner=user.pk)
            return redirect("accounts:representation_confirm")
    return render(request, "accounts/representatives.html", _page(user, form))


def _page(user: User, form: RepresentationForm) -> dict[str, object]:
    return {
        "form": form,
        "given": [_row(grant, grant.representative) for grant in representations_given(user)],
        "held": [_row(grant, grant.owner) for grant in representations_held(user)],
        "can_authorise": user.kind == AccountKind.CITIZEN and bool(user.mobile),
    }


def _row(grant: Representation, person: User) -> GrantRow:
    status, tone = grant.get_status_display(), _TONES[RepresentationStatus(grant.status)]
    if grant.status == RepresentationStatus.ACTIVE and grant.expires_at <= timezone.now():
        status, tone = "منقضی", "off"
    scope = "همهٔ خدمات" if not grant.services else "، ".join(grant.services)
    return GrantRow(grant, person, mask_national_id(person.national_id), status, tone, scope)


def _pending_state(request: HttpRequest) -> dict[str, object] | None:
    state = PENDING.read(request)
    return state if state and state.get("owner") == signed_in_user(request).pk else None


@login_required
@require_http_methods(["GET", "POST"])
def representation_confirm(request: HttpRequest) -> HttpResponse:
    state = _pending_state(request)
    if state is None:
        return flow_expired(request, "accounts:representatives")
    user = signed_in_user(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_representation(
                owner=user,
                representation_id=int(str(state["representation"])),
                code=form.cleaned_data["code"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            PENDING.end(request)
            messages.success(request, CONFIRMED)
            return redirect("accounts:representatives")
    page = CodePage(
        title="تأیید نمایندگی",
        lead=format_html(
            "برای تأیید این‌که خودتان نماینده تعیین می‌کنید، کدی به شمارهٔ همراه خودتان "
            "({}) پیامک شد.",
            masked_mobile_html(user.mobile),
        ),
        action=reverse("accounts:representation_confirm"),
        resend_url=reverse("accounts:representation_resend"),
        back_url=reverse("accounts:representatives"),
        back_label="بازگشت به فهرست نمایندگان (درخواست در انتظار می‌ماند)",
        submit_label="تأیید نمایندگی",
    )
    return render_code_page(request, form, page, dict(state))


@login_required
@require_POST
def representation_resend(request: HttpRequest) -> HttpResponse:
    state = _pending_state(request)
    if state is None:
        return flow_expired(request, "accounts:representatives")
    user, grant_id = signed_in_user(request), int(str(state["representation"]))

    def send(client: ClientInfo) -> None:
        resend_representation_code(owner=user, representation_id=grant_id, client=client)

    try:
        resend(request, PENDING, send)
    except NotFoundError:  # confirmed or revoked meanwhile
        PENDING.end(request)
        return flow_expired(request, "accounts:representatives")
    return redirect("accounts:representation_confirm")


@login_required
@require_POST
def representation_revoke(request: HttpRequest, representation_id: int) -> HttpResponse:
    try:
        revoke_representation(
            actor=signed_in_user(request),
            representation_id=representation_id,
            client=client_of(request),
        )
    except NotFoundError as error:
        raise Http404(error.detail) from error
    messages.success(request, REVOKED)
    return redirect("accounts:representatives")
