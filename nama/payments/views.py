"""Paying a bill on the web: the pay button, the gateways' callbacks, the outcome page.

The Content-Security-Policy allows forms to post only to this site, and browsers apply that to
the redirects after a form too; so the pay button's answer is a page of ours whose policy adds
the gateway's origin, carrying a form (POST gateways) or a link (GET ones) that a small static
script follows at once; the button stays visible for browsers without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.billing.models import Bill
from nama.core.http import client_ip
from nama.core.problems import ApiError
from nama.payments.constants import PaymentStatus
from nama.payments.models import Payment
from nama.payments.providers.base import Redirect
from nama.payments.services import (
    choose_provider,
    handle_callback,
    is_return_path,
    payment_for_order,
    provider_title,
    start_payment,
)

WAITING = frozenset(
    {
        PaymentStatus.CREATED,
        PaymentStatus.PENDING,
        PaymentStatus.VERIFYING,
        PaymentStatus.UNVERIFIED,
    }
)
ENDED_UNPAID = frozenset({PaymentStatus.FAILED, PaymentStatus.CANCELLED})


def _url(name: str, *args: Any) -> str:
    """The URL of another app's page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _error_text(error: ApiError | ValidationError) -> str:
    if isinstance(error, ApiError):
        return error.detail
    return " ".join(error.messages)


@login_required
@require_POST
def pay(request: HttpRequest, bill_pk: int) -> HttpResponse:
    """Start paying the bill with the gateway chosen (field ``provider``; the default one when
    empty) and send the payer there. ``next``: the page to come back to afterwards."""
    user = signed_in_user(request)
    bill = Bill.objects.filter(pk=bill_pk).first()
    if bill is None or not can(user, "billing.view", bill):
        raise Http404("قبض پیدا نشد.")
    back = str(request.POST.get("next", ""))
    back = back if is_return_path(back) else ""
    try:
        code = choose_provider(str(request.POST.get("provider", "")) or None)
        callback = request.build_absolute_uri(reverse("payments:callback", args=[code]))
        payment, target = start_payment(
            bill=bill, actor=user, callback_url=callback, provider_code=code, return_url=back
        )
    except (ApiError, ValidationError) as error:
        messages.error(request, _error_text(error))
        return redirect(back or _url("billing:bill", bill.pk) or "/")
    return _to_gateway(request, payment, target)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _to_gateway(request: HttpRequest, payment: Payment, target: Redirect) -> HttpResponse:
    origin = _origin(target.url)
    if target.method == "GET" and (not origin or origin == _origin(request.build_absolute_uri())):
        return redirect(target.url)
    response = render(
        request,
        "payments/redirect.html",
        {"payment": payment, "target": target, "gateway": provider_title(payment.provider)},
    )
    if origin and settings.SECURE_CSP:
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", ["'self'"]), origin]
        # What django.views.decorators.csp.csp_override sets, for this response's gateway.
        response._csp_config = policy  # type: ignore[attr-defined]
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    """The payer's browser back from gateway ``provider`` (a form POST, or a GET with the
    fields in the query): handled, then on to the outcome page. A callback nobody can match,
    or whose amount was altered, changes nothing and gets a 400 page."""
    fields = request.POST if request.method == "POST" else request.GET
    data = {str(key): str(fields.get(key, "")) for key in fields}
    payment = handle_callback(provider_code=provider, data=data, remote_addr=client_ip(request))
    if payment is None:
        return render(request, "payments/callback_refused.html", status=400)
    return redirect("payments:result", order_id=payment.order_id)


@login_required
@require_GET
def result(request: HttpRequest, order_id: str) -> HttpResponse:
    """The outcome of one payment, for its payer only."""
    user = signed_in_user(request)
    payment = payment_for_order(order_id)
    if payment is None or payment.payer_id != user.pk:
        raise Http404("پرداخت پیدا نشد.")
    return render(request, "payments/result.html", _result_context(user, payment))


def _result_context(user: User, payment: Payment) -> dict[str, Any]:
    bill = payment.bill
    status = PaymentStatus(payment.status)
    return {
        "payment": payment,
        "bill": bill,
        "gateway": provider_title(payment.provider),
        "waiting": status in WAITING,
        "paid": status == PaymentStatus.PAID,
        "unpaid": status in ENDED_UNPAID,
        "returned": status in {PaymentStatus.DUPLICATE, PaymentStatus.REFUNDED},
        "receipt_url": _url("billing:receipt", bill.pk) if status == PaymentStatus.PAID else "",
        "bill_url": _url("billing:bill", bill.pk),
        "pay_again": status in ENDED_UNPAID and can(user, "billing.pay", bill),
    }
