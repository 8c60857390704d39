"""An admin re-queues failed (or stuck) messages; sent and in-flight ones are left alone."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from nama.sms.constants import SmsStatus
from nama.sms.models import OutboundSms
from nama.sms.services import retry_sms
from nama.sms.tests.factories import OutboundSmsFactory
from nama.sms.tests.fakes import ScriptedBackend

pytestmark = pytest.mark.django_db

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_failed_messages_get_a_fresh_budget_and_are_sent(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    failed = OutboundSmsFactory.create(failed=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = retry_sms(actor=AnonymousUser(), sms_ids=[failed.pk])

    assert (result.requeued, result.skipped) == (1, 0)
    failed.refresh_from_db()
    assert failed.status == SmsStatus.SENT
    assert failed.attempts == 1
    assert len(scripted.sent) == 1


def test_nothing_is_sent_before_the_retry_commits(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    failed = OutboundSmsFactory.create(failed=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retry_sms(actor=AnonymousUser(), sms_ids=[failed.pk])
    assert len(callbacks) == 1
    assert scripted.sent == []
    failed.refresh_from_db()
    assert failed.status == SmsStatus.QUEUED


def test_sent_in_flight_and_codeless_otps_are_skipped(
    scripted: ScriptedBackend, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    sent = OutboundSmsFactory.create(sent=True)
    in_flight = OutboundSmsFactory.create(status=SmsStatus.SENDING)
    wiped_otp = OutboundSmsFactory.create(otp=True, failed=True, token="")
    stale = OutboundSmsFactory.create(
        status=SmsStatus.SENDING, updated_at=timezone.now() - timedelta(minutes=16)
    )
    waiting = OutboundSmsFactory.create(status=SmsStatus.RETRYING, attempts=2)

    with django_capture_on_commit_callbacks(execute=True):
        result = retry_sms(
            actor=AnonymousUser(),
            sms_ids=[sent.pk, in_flight.pk, wiped_otp.pk, stale.pk, waiting.pk],
        )

    assert (result.requeued, result.skipped) == (2, 3)
    statuses = dict(OutboundSms.objects.values_list("pk", "status"))
    assert statuses == {
        sent.pk: SmsStatus.SENT,
        in_flight.pk: SmsStatus.SENDING,
        wiped_otp.pk: SmsStatus.FAILED,
        stale.pk: SmsStatus.SENT,
        waiting.pk: SmsStatus.SENT,
    }
    assert len(scripted.sent) == 2
