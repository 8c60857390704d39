"""The sandbox bank over HTTP: the card page the payer sees, and SEP-compatible endpoints.

Every view answers 404 in production. The JSON endpoints are server-to-server (no CSRF, as at
SEP) and answer in SEP's shapes, not problem+json, because the Saman adapter reads them.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from nama.payments.constants import SandboxState
from nama.payments.models import SandboxTransaction
from nama.payments.sandbox import bank, sep
from nama.payments.sandbox.forms import OUTCOME_LABELS, TEST_VALUES, PayForm

View = Callable[..., HttpResponse]


def sandbox_only(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not bank.available():
            raise Http404("the sandbox bank does not run in production")
        return view(request, *args, **kwargs)

    return guarded


@sandbox_only
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, token: str) -> HttpResponse:
    """The card page: GET shows the transaction and the test card; POST does the tester's
    chosen outcome and sends the payer back to the merchant."""
    paying = bank.transaction_for(token)
    if paying is None:
        raise Http404("no such token")
    if paying.state != SandboxState.CREATED:
        return _pay_page(request, paying, None, status=409)
    form = PayForm(request.POST if request.method == "POST" else None, initial=TEST_VALUES)
    if request.method == "POST" and form.is_valid():
        try:
            paid = bank.pay(
                token=token,
                outcome=bank.Outcome(form.cleaned_data["outcome"]),
                card_number=form.cleaned_data["card_number"] or bank.TEST_CARD,
            )
        except bank.BankRefusal as refusal:
            form.add_error(None, refusal.message)
        else:
            return _back_to_merchant(request, paid)
    return _pay_page(request, paying, form, status=400 if form.errors else 200)


def _pay_page(
    request: HttpRequest, paying: SandboxTransaction, form: PayForm | None, *, status: int
) -> HttpResponse:
    context = {
        "transaction": paying,
        "form": form,
        "outcomes": OUTCOME_LABELS.items(),
        "reverse_minutes": settings.NAMA_SANDBOX_PSP_REVERSE_MINUTES,
    }
    return render(request, "sandbox_psp/pay.html", context, status=status)


def _back_to_merchant(request: HttpRequest, paid: SandboxTransaction) -> HttpResponse:
    """A form auto-posted to the RedirectUrl (by payments/redirect.js, or the visible button)."""
    context = {"action": paid.redirect_url, "fields": sep.callback_fields(paid)}
    response = render(request, "sandbox_psp/return.html", context)
    url = urllib.parse.urlsplit(paid.redirect_url)
    form_action = [*settings.SECURE_CSP["form-action"], f"{url.scheme}://{url.netloc}"]
    # What django.views.decorators.csp.csp_override sets, for this response's merchant.
    policy = {**settings.SECURE_CSP, "form-action": form_action}
    response._csp_config = policy  # type: ignore[attr-defined]
    return response


@sandbox_only
@csrf_exempt
@require_POST
def gateway(request: HttpRequest) -> HttpResponse:
    """``OnlinePG/OnlinePG``: the merchant's page posts the token here, as at SEP."""
    token = request.POST.get("Token", "")
    if bank.transaction_for(token) is None:
        raise Http404("no such token")
    return redirect("payments:sandbox_psp:pay", token=token)


def _endpoint(handler: Callable[[Mapping[str, Any]], sep.Reply]) -> View:
    @sandbox_only
    @csrf_exempt
    @require_POST
    def serve(request: HttpRequest) -> HttpResponse:
        status, payload = handler(_json_object(request.body))
        if payload is None:
            return HttpResponse(status=status)
        return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})

    return serve


def _json_object(body: bytes) -> Mapping[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


token = _endpoint(sep.token)
verify = _endpoint(sep.verify)
reverse = _endpoint(sep.reverse)
