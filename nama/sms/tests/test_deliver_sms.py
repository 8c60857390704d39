"""The send task: one send per message, retries with backoff, loud final failures."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from nama.sms.backends.base import PermanentSmsError, TransientSmsError
from nama.sms.constants import SmsStatus
from nama.sms.delivery import deliver
from nama.sms.models import OutboundSms
from nama.sms.retry import backoff_delay
from nama.sms.services import requeue_due_sms
from nama.sms.tasks import enqueue_send, send_outbound_sms
from nama.sms.tests.factories import OutboundSmsFactory
from nama.sms.tests.fakes import ScriptedBackend
from nama.sms.tests.kavenegar_sandbox import KavenegarSandbox, Reply

pytestmark = pytest.mark.django_db


def _reload(sms: OutboundSms) -> OutboundSms:
    return OutboundSms.objects.get(pk=sms.pk)


def test_a_sent_message_is_never_sent_again(scripted: ScriptedBackend) -> None:
    sms = OutboundSmsFactory.create()
    assert send_outbound_sms.call(sms.pk) == SmsStatus.SENT

    # A duplicate task (re-delivery, a second worker, an admin's double click) does nothing.
    assert send_outbound_sms.call(sms.pk) == "skipped"
    assert enqueue_send(sms.pk)

    assert len(scripted.sent) == 1
    assert _reload(sms).attempts == 1


@pytest.mark.parametrize("status", [SmsStatus.SENDING, SmsStatus.FAILED, SmsStatus.SENT])
def test_only_waiting_messages_are_claimed(scripted: ScriptedBackend, status: str) -> None:
    sms = OutboundSmsFactory.create(status=status)
    assert deliver(sms.pk).status == "skipped"
    assert scripted.sent == []
    assert _reload(sms).status == status


def test_a_deleted_message_is_skipped(scripted: ScriptedBackend) -> None:
    assert deliver(123_456).status == "skipped"


def test_a_transient_error_schedules_a_retry_with_backoff(
    scripted: ScriptedBackend, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.script(TransientSmsError("Kavenegar 500: خطای داخلی"))
    sms = OutboundSmsFactory.create()
    before = timezone.now()

    # The tests' Immediate backend cannot defer, so the retry waits for requeue_due_sms.
    assert send_outbound_sms.call(sms.pk) == SmsStatus.RETRYING

    sms = _reload(sms)
    assert sms.status == SmsStatus.RETRYING
    assert sms.attempts == 1
    assert sms.last_error == "Kavenegar 500: خطای داخلی"
    assert sms.next_attempt_at is not None
    assert before + backoff_delay(1) <= sms.next_attempt_at <= timezone.now() + backoff_delay(1)
    assert "left for requeue" in caplog.text


def test_due_retries_are_requeued_and_sent(scripted: ScriptedBackend) -> None:
    scripted.script(TransientSmsError("timeout"))
    sms = OutboundSmsFactory.create()
    send_outbound_sms.call(sms.pk)
    retry_at = _reload(sms).next_attempt_at
    assert retry_at is not None

    assert requeue_due_sms(now=retry_at - timedelta(seconds=1)) == 0
    assert requeue_due_sms(now=retry_at) == 1

    sms = _reload(sms)
    assert sms.status == SmsStatus.SENT
    assert sms.attempts == 2
    assert sms.last_error == ""
    assert sms.next_attempt_at is None
    assert len(scripted.sent) == 2


def test_a_queued_message_whose_task_was_lost_is_picked_up(scripted: ScriptedBackend) -> None:
    stale = timezone.now() - timedelta(minutes=11)
    lost = OutboundSmsFactory.create(updated_at=stale)
    fresh = OutboundSmsFactory.create()  # its task is presumably still on its way

    assert requeue_due_sms() == 1

    assert _reload(lost).status == SmsStatus.SENT
    assert _reload(fresh).status == SmsStatus.QUEUED


def test_the_last_allowed_attempt_fails_loudly(
    scripted: ScriptedBackend, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.NAMA_SMS_MAX_ATTEMPTS = 2
    scripted.script(TransientSmsError("timeout"), TransientSmsError("timeout again"))
    sms = OutboundSmsFactory.create(otp=True)

    send_outbound_sms.call(sms.pk)
    assert _reload(sms).status == SmsStatus.RETRYING
    send_outbound_sms.call(sms.pk)  # as the deferred retry would

    sms = _reload(sms)
    assert sms.status == SmsStatus.FAILED
    assert sms.attempts == 2
    assert sms.last_error == "timeout again (after 2 attempts)"
    assert sms.token == ""  # the code is wiped
    assert sms.next_attempt_at is None
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "failed after 2 attempts" in record.getMessage()
    assert "0912***6789" in record.getMessage()
    assert "482913" not in caplog.text


def test_a_permanent_error_fails_at_once(
    scripted: ScriptedBackend, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.script(PermanentSmsError("Kavenegar 411: شماره گیرنده معتبر نیست"))
    sms = OutboundSmsFactory.create()

    assert send_outbound_sms.call(sms.pk) == SmsStatus.FAILED

    sms = _reload(sms)
    assert sms.status == SmsStatus.FAILED
    assert sms.attempts == 1
    assert sms.last_error.startswith("Kavenegar 411")
    assert any(record.levelno == logging.ERROR for record in caplog.records)
    assert requeue_due_sms() == 0  # failures wait for a person, not for the sweeper


def test_a_bug_in_a_backend_does_not_leave_the_message_sending(
    scripted: ScriptedBackend,
) -> None:
    scripted.script(ZeroDivisionError("oops"))
    sms = OutboundSmsFactory.create()

    assert send_outbound_sms.call(sms.pk) == SmsStatus.RETRYING
    assert _reload(sms).last_error == "unexpected error: ZeroDivisionError"


def test_retry_then_success_against_the_kavenegar_sandbox(kavenegar: KavenegarSandbox) -> None:
    kavenegar.script(Reply(status=500), Reply())
    sms = OutboundSmsFactory.create()

    send_outbound_sms.call(sms.pk)
    sms = _reload(sms)
    assert sms.status == SmsStatus.RETRYING
    assert sms.last_error.startswith("Kavenegar 500")
    assert sms.next_attempt_at is not None

    requeue_due_sms(now=sms.next_attempt_at)

    sms = _reload(sms)
    assert sms.status == SmsStatus.SENT
    assert sms.provider_message_id == str(kavenegar.next_message_id)
    assert len(kavenegar.requests) == 2


def test_an_invalid_receptor_at_kavenegar_fails_without_retry(
    kavenegar: KavenegarSandbox,
) -> None:
    kavenegar.script(Reply(status=411))
    sms = OutboundSmsFactory.create()

    send_outbound_sms.call(sms.pk)

    sms = _reload(sms)
    assert sms.status == SmsStatus.FAILED
    assert sms.next_attempt_at is None
    assert len(kavenegar.requests) == 1
