"""The send task, and how it is (re-)enqueued on whatever task backend is configured."""

from __future__ import annotations

import logging
from datetime import datetime

from django.tasks import task

from nama.sms.delivery import deliver

logger = logging.getLogger(__name__)


@task()
def send_outbound_sms(sms_id: int) -> str:
    """Send one ``OutboundSms`` (by id only: its text and code never enter the task queue)."""
    outcome = deliver(sms_id)
    if outcome.retry_at is not None:
        enqueue_send(sms_id, run_after=outcome.retry_at)
    return outcome.status


def enqueue_send(sms_id: int, *, run_after: datetime | None = None) -> bool:
    """Queue a send, deferred to ``run_after`` when the backend can defer.

    A backend without ``supports_defer`` (the Immediate backend of the tests) cannot wait, and
    running at once would burn the retries in a tight loop; the message then stays
    ``retrying`` with its ``next_attempt_at`` until ``requeue_due_sms`` picks it up. Returns
    whether a task was enqueued.
    """
    send = send_outbound_sms
    if run_after is not None:
        if not send.get_backend().supports_defer:
            logger.warning("SMS %s: the task backend cannot defer; left for requeue", sms_id)
            return False
        send = send.using(run_after=run_after)
    send.enqueue(sms_id)
    return True


@task()
def requeue_due_sms_task() -> int:
    """Periodic: enqueue SMS retries that are due and messages whose task was lost."""
    from nama.sms.services import requeue_due_sms

    return requeue_due_sms()
