"""With the database task backend a retry is a real deferred task, run by the DB worker.

``db_worker`` (what ``nama worker`` runs, minus its heartbeat thread, whose concurrent writes
make SQLite's shared in-memory test database raise "table is locked" now and then).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from nama.sms.backends.base import TransientSmsError
from nama.sms.constants import SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.tasks import send_outbound_sms
from nama.sms.tests.factories import OutboundSmsFactory
from nama.sms.tests.fakes import ScriptedBackend

WORKER_ARGS = ("--batch", "--no-startup-delay", "--worker-id", "sms-test")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)  # Django resets the task backends on this change
def test_a_transient_failure_enqueues_a_task_deferred_to_the_next_attempt(
    scripted: ScriptedBackend,
) -> None:
    scripted.script(TransientSmsError("Kavenegar 409: بعدا تلاش کنید"))
    sms = OutboundSmsFactory.create()

    assert send_outbound_sms.call(sms.pk) == SmsStatus.RETRYING

    sms.refresh_from_db()
    (retry,) = DBTaskResult.objects.all()
    assert retry.status == "READY"
    assert retry.task_path == "nama.sms.tasks.send_outbound_sms"
    assert retry.args_kwargs == {"args": [sms.pk], "kwargs": {}}  # only the id is queued
    assert retry.run_after == sms.next_attempt_at

    # Not yet due: the worker leaves it alone.
    call_command("db_worker", *WORKER_ARGS)
    assert OutboundSms.objects.get(pk=sms.pk).status == SmsStatus.RETRYING

    # Once due, the worker sends it.
    assert sms.next_attempt_at is not None
    DBTaskResult.objects.update(run_after=sms.next_attempt_at - timedelta(hours=2))
    call_command("db_worker", *WORKER_ARGS)

    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT
    assert sms.attempts == 2
    assert len(scripted.sent) == 2
