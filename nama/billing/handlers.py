"""What billing does when a bill is paid: the request waiting for it moves on.

``bill_paid`` is sent after the receipt's commit, once per bill; the receiver may still run
twice for one request (two bills paid at once, a signal replayed): ``confirm_payment_if_due``
locks the request and takes the step only once. The signal is sent from the commit of the
payment's receipt, so a failure here is logged and never undoes or hides the payment.
"""

from __future__ import annotations

import logging
from typing import Any

from nama.billing.models import Bill
from nama.billing.services.consent import confirm_payment_if_due
from nama.billing.signals import bill_paid
from nama.cases.models import Case

logger = logging.getLogger(__name__)
DISPATCH_UID = "billing.confirm_payment_when_paid"


def confirm_payment_when_paid(sender: object, bill: Bill, **kwargs: Any) -> None:
    """Receiver of ``bill_paid``: confirm the payment step of the bill's request when it was
    the last bill owed."""
    if bill.case_id is None:
        return
    case = Case.objects.get(pk=bill.case_id)
    try:
        confirmed = confirm_payment_if_due(case)
    except Exception:  # the receipt stands; staff may still confirm the step by hand
        logger.exception("confirming the payment of %s after bill %s failed", case, bill.pk)
        return
    if confirmed:
        logger.info("payment of %s confirmed after bill %s", case, bill.pk)


def connect() -> None:
    """Called from ``BillingConfig.ready`` (once per process; the uid makes it idempotent)."""
    bill_paid.connect(confirm_payment_when_paid, dispatch_uid=DISPATCH_UID)
