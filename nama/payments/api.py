"""The payments API (/api/v1/payments): start paying a bill, read a payment's status.

Authentication as in ``nama.accounts.api_auth``: a bearer token, or the session plus
``X-CSRFToken`` on POST. A bill the caller may not see and a payment that is not theirs get
the same 404 as one that does not exist. Errors are problem+json with a Persian ``detail``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.accounts.authz import can
from nama.billing.models import Bill
from nama.cases.schemas import LabelledOut
from nama.core.jalali import tehran_time
from nama.core.problems import NotFoundError
from nama.payments.models import Payment
from nama.payments.services import (
    choose_provider,
    payment_for_order,
    provider_title,
    start_payment,
)

router = Router(tags=["payments"], auth=token_or_session)

NO_BILL = "قبض پیدا نشد."
NO_PAYMENT = "پرداخت پیدا نشد."


class PaymentStartIn(Schema):
    bill: int = Field(description="The bill's id (its file code), as in /api/v1/bills.")
    provider: str | None = Field(
        default=None,
        description="A gateway code (sandbox, saman, zarinpal); the default one if empty.",
    )
    return_url: str = Field(
        default="",
        max_length=300,
        description="A path on this site the outcome page links back to, e.g. /bills/12/.",
    )


class PaymentRedirectOut(Schema):
    url: str = Field(description="Where the payer's browser goes next.")
    method: Literal["GET", "POST"]
    fields: dict[str, str] = Field(description="Form fields to POST to `url` (empty for GET).")


class PaymentStartOut(Schema):
    order_id: str = Field(description="Our order number: GET /api/v1/payments/{order_id}.")
    status: LabelledOut
    redirect: PaymentRedirectOut


class PaymentOut(Schema):
    order_id: str
    status: LabelledOut
    bill: int
    bill_number: str | None
    payment_number: str
    title: str
    amount: int = Field(description="Rials.")
    provider: LabelledOut
    ref_num: str = Field(description="The bank's digital receipt number, once known.")
    trace_no: str
    rrn: str
    masked_pan: str
    failure: str = Field(description="Why it failed or waits, in Persian; empty when paid.")
    created_at: dt.datetime
    verified_at: dt.datetime | None


def _status(payment: Payment) -> LabelledOut:
    return LabelledOut(value=payment.status, label=payment.get_status_display())


def _payment_out(payment: Payment) -> PaymentOut:
    bill = payment.bill
    return PaymentOut(
        order_id=payment.order_id,
        status=_status(payment),
        bill=bill.pk,
        bill_number=bill.bill_number,
        payment_number=bill.payment_number,
        title=bill.title,
        amount=payment.amount,
        provider=LabelledOut(value=payment.provider, label=provider_title(payment.provider)),
        ref_num=payment.ref_num,
        trace_no=payment.trace_no,
        rrn=payment.rrn,
        masked_pan=payment.masked_pan,
        failure=payment.failure,
        created_at=tehran_time(payment.created_at),
        verified_at=tehran_time(payment.verified_at) if payment.verified_at else None,
    )


@router.post(
    "",
    response={201: PaymentStartOut, **problems(401, 403, 404, 409, 422, 502)},
    summary="Start paying a bill",
    description=(
        "For whoever owes the bill (its payer, the applicant side of its request, the owners of "
        "its property, the owner of its vehicle). Send the payer's browser to `redirect` (POST "
        "its `fields` as a form when `method` is POST); the gateway brings it back to this "
        "site's outcome page. 409 `bill_not_payable` for a bill paid, void or not issued; 422 "
        "`unknown_provider` for a gateway not enabled; 502 `gateway_unavailable` when the "
        "gateway gave no token. Each call starts a new payment; a bill is paid at most once "
        "(a second successful payment is refunded)."
    ),
)
def start(request: HttpRequest, payload: PaymentStartIn) -> Status[PaymentStartOut]:
    user = current_user(request)
    bill = Bill.objects.filter(pk=payload.bill).first()
    if bill is None or not can(user, "billing.view", bill):
        raise NotFoundError(NO_BILL, code="bill_not_found")
    code = choose_provider(payload.provider)
    callback = request.build_absolute_uri(reverse("payments:callback", args=[code]))
    payment, target = start_payment(
        bill=bill,
        actor=user,
        callback_url=callback,
        provider_code=code,
        return_url=payload.return_url,
    )
    redirect = PaymentRedirectOut(url=target.url, method=target.method, fields=target.fields)
    return Status(
        201, PaymentStartOut(order_id=payment.order_id, status=_status(payment), redirect=redirect)
    )


@router.get(
    "/{order_id}",
    response={200: PaymentOut, **problems(401, 404)},
    summary="A payment's status",
    description=(
        "For its payer. `status.value`: created, pending (at the bank), verifying, unverified "
        "(the bank's answer is awaited; asked again), paid, failed, cancelled, duplicate (the "
        "bill was already paid; being refunded) or refunded."
    ),
)
def status(request: HttpRequest, order_id: str) -> PaymentOut:
    user = current_user(request)
    payment = payment_for_order(order_id)
    if payment is None or payment.payer_id != user.pk:
        raise NotFoundError(NO_PAYMENT, code="payment_not_found")
    return _payment_out(payment)
