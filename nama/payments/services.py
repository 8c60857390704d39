"""Paying a bill through a card gateway, with the bill paid at most once (ADR 0031).

``start_payment`` gets a token and says where the payer's browser goes; ``handle_callback``
reads what the browser brought back, and a success is verified with the bank by whoever wins
the claim (a compare-and-set ``pending|unverified → verifying``); ``recheck_due_payments``
picks up what was left half-way. The bill's receipt is written only by
``nama.billing.services.receipts.record_receipt``, which refuses a second one; a payment the
bank confirmed for a bill that is no longer payable is given back (``processing.refunds``).
No row lock is held while a provider answers. Every change writes a ``PaymentEvent``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from nama.accounts.authz import can
from nama.accounts.models import User
from nama.billing.constants import BillStatus
from nama.billing.models import Bill
from nama.core.problems import ApiError, ConflictError, ForbiddenError
from nama.payments.constants import EventKind, PaymentStatus
from nama.payments.models import Payment
from nama.payments.processing import texts
from nama.payments.processing.journal import as_raw, move, note, record
from nama.payments.processing.orders import is_order_id, new_order_id
from nama.payments.processing.recheck import recheck
from nama.payments.processing.verification import claim, verify_claimed
from nama.payments.providers import enabled_codes, provider
from nama.payments.providers.base import Callback, ProviderError, Redirect

NOT_PAYABLE = {
    BillStatus.PROVISIONAL: "این قبض هنوز صادر نشده است و پرداخت نمی‌شود.",
    BillStatus.PAID: "این قبض پیش‌تر پرداخت شده است.",
    BillStatus.VOID: "این قبض باطل شده است؛ قبض تازه را بپردازید.",
    BillStatus.REFUNDED: "وجه این قبض مسترد شده است و دوباره پرداخت نمی‌شود.",
}
NOT_PAYER = "پرداخت این قبض با حساب کاربری شما ممکن نیست."
NO_GATEWAY = "پرداخت اینترنتی اکنون در دسترس نیست؛ قبض را با شناسه قبض و پرداخت در بانک بپردازید."
UNKNOWN_GATEWAY = "درگاه پرداخت انتخاب‌شده در دسترس نیست؛ درگاه دیگری را برگزینید."
BAD_RETURN = "نشانی بازگشت باید نشانی صفحه‌ای از همین سامانه باشد."


def provider_title(code: str) -> str:
    """The gateway's Persian title (its code when it is no longer enabled)."""
    try:
        return provider(code).title
    except LookupError:
        return code


def choose_provider(code: str | None) -> str:
    """``code`` if it is enabled; the default gateway when none is asked for."""
    codes = enabled_codes()
    if not codes:
        raise ConflictError(NO_GATEWAY, code="no_gateway")
    if not code:
        return codes[0]
    if code not in codes:
        raise ApiError(
            UNKNOWN_GATEWAY,
            code="unknown_provider",
            status=422,
            errors={"provider": [UNKNOWN_GATEWAY]},
        )
    return code


def is_return_path(value: str) -> bool:
    """A path on this site (never another host: no open redirect through the result page)."""
    local = value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    return local and len(value) <= 300


def _return_path(value: str) -> str:
    if value and not is_return_path(value):
        raise ValidationError({"return_url": [BAD_RETURN]}, code="bad_return_url")
    return value


def _check_payable(actor: User, bill: Bill) -> None:
    if can(actor, "billing.pay", bill):
        return
    if bill.status != BillStatus.ISSUED:
        raise ConflictError(NOT_PAYABLE[BillStatus(bill.status)], code="bill_not_payable")
    raise ForbiddenError(NOT_PAYER, code="not_payer")


def start_payment(
    *,
    bill: Bill,
    actor: User,
    callback_url: str,
    provider_code: str | None = None,
    return_url: str = "",
) -> tuple[Payment, Redirect]:
    """Start paying ``bill``: a new payment with its token, and where the payer goes next.

    ``callback_url`` must be the absolute ``payments:callback`` URL of the chosen gateway
    (``choose_provider`` names it first). Each call makes a new payment; the receipt, not the
    start, is where a bill is paid once."""
    _check_payable(actor, bill)
    code = choose_provider(provider_code)
    payment = Payment.objects.create(
        bill=bill,
        payer=actor,
        provider=code,
        order_id=new_order_id(),
        amount=bill.amount,
        return_url=_return_path(return_url),
    )
    try:
        started = provider(code).start(
            order_id=payment.order_id,
            amount=payment.amount,
            callback_url=callback_url,
            mobile=actor.mobile or "",
            description=bill.title,
        )
    except ProviderError as error:
        move(
            payment,
            to=PaymentStatus.FAILED,
            kind=EventKind.ERROR,
            raw=error.raw,
            note=str(error),
            failure=texts.GATEWAY_DOWN,
        )
        raise ApiError(texts.GATEWAY_DOWN, code="gateway_unavailable", status=502) from error
    move(
        payment,
        to=PaymentStatus.PENDING,
        kind=EventKind.TOKEN,
        raw=started.raw,
        token=started.token[:100],
    )
    return payment, started.redirect


def _match(code: str, callback: Callback) -> tuple[Payment | None, str]:
    """The payment the callback names (by the provider's token, else our order number) and
    why the callback is refused ("" when it is not)."""
    payment = None
    if callback.token:
        payment = Payment.objects.filter(provider=code, token=callback.token).first()
    elif is_order_id(callback.order_id):
        payment = Payment.objects.filter(provider=code, order_id=callback.order_id).first()
    if payment is None:
        return None, texts.UNKNOWN_PAYMENT
    if callback.order_id and callback.order_id != payment.order_id:
        return payment, texts.ORDER_MISMATCH
    if callback.amount is not None and callback.amount != payment.amount:
        return payment, texts.TAMPERED.format(got=callback.amount, expected=payment.amount)
    return payment, ""


def handle_callback(
    *, provider_code: str, data: Mapping[str, str], remote_addr: str | None
) -> Payment | None:
    """What the payer's browser brought back from the gateway. None: refused (unknown
    gateway, token or order, malformed, amount altered), with nothing changed but the event."""
    try:
        callback = provider(provider_code).parse_callback(data)
    except LookupError:
        _refuse(None, provider_code, as_raw(data), texts.UNKNOWN_PROVIDER, remote_addr)
        return None
    except ProviderError as error:
        raw = error.raw or as_raw(data)
        _refuse(None, provider_code, raw, texts.MALFORMED.format(error=error), remote_addr)
        return None
    payment, refusal = _match(provider_code, callback)
    if payment is None or refusal:
        _refuse(payment, provider_code, callback.raw, refusal, remote_addr)
        return None
    if callback.succeeded:
        _succeeded(payment, callback, remote_addr)
    else:
        _failed(payment, callback, remote_addr)
    return payment


def _refuse(
    payment: Payment | None, code: str, raw: str, reason: str, remote_addr: str | None
) -> None:
    status = payment.status if payment is not None else ""
    record(
        payment,
        provider=code,
        kind=EventKind.REFUSED,
        raw=raw,
        note=reason,
        before=status,
        after=status,
        remote_addr=remote_addr,
    )


def _first_references(payment: Payment, callback: Callback) -> dict[str, str]:
    """The callback's bank numbers the payment lacks (the first callback's stick)."""
    found = {
        "ref_num": callback.ref_num[:100],
        "trace_no": callback.trace_no[:40],
        "rrn": callback.rrn[:40],
        "masked_pan": callback.masked_pan[:20],
    }
    return {name: value for name, value in found.items() if value and not getattr(payment, name)}


def _succeeded(payment: Payment, callback: Callback, remote_addr: str | None) -> None:
    won = claim(
        payment,
        allowed={PaymentStatus.PENDING, PaymentStatus.UNVERIFIED},
        kind=EventKind.CALLBACK,
        raw=callback.raw,
        note_text=texts.CLAIMED,
        remote_addr=remote_addr,
        **_first_references(payment, callback),
    )
    if won:
        verify_claimed(payment)
    else:
        note(
            payment,
            kind=EventKind.CALLBACK,
            raw=callback.raw,
            note=texts.REPEATED,
            remote_addr=remote_addr,
        )


def _failed(payment: Payment, callback: Callback, remote_addr: str | None) -> None:
    """A failure or cancel ends a payment still at the bank; after a success it is only
    recorded (an out-of-order or replayed message must not undo a payment)."""
    ended = payment.status == PaymentStatus.PENDING and move(
        payment,
        to=PaymentStatus.CANCELLED if callback.cancelled else PaymentStatus.FAILED,
        kind=EventKind.CALLBACK,
        raw=callback.raw,
        note=callback.message,
        remote_addr=remote_addr,
        failure=callback.message or texts.FAILED,
    )
    if not ended:
        payment.refresh_from_db()
        note(
            payment,
            kind=EventKind.CALLBACK,
            raw=callback.raw,
            note=texts.REPEATED,
            remote_addr=remote_addr,
        )


def recheck_due_payments(now: datetime | None = None) -> int:
    """The periodic sweep (``processing.recheck``); returns how many payments it took up."""
    return recheck(now)


def payment_for_order(order_id: str) -> Payment | None:
    """The payment with our order number ``order_id`` (with its bill), if there is one.
    Callers check who may see it."""
    if not is_order_id(order_id):
        return None
    return Payment.objects.select_related("bill").filter(order_id=order_id).first()
