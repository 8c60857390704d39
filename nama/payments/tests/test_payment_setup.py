"""The payments app's system checks and periodic tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin import AdminSite
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.utils import timezone

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.payments.admin import PaymentAdmin
from nama.payments.checks import check_payment_settings
from nama.payments.constants import SandboxState
from nama.payments.models import Payment, SandboxTransaction
from nama.payments.processing import texts
from nama.payments.sandbox import bank
from nama.payments.services import start_payment
from nama.payments.tasks import recheck_payments, sandbox_auto_reverse
from nama.payments.tests.payment_fakes import callback, issued_bill, use_fake_gateway


def _ids() -> list[str]:
    return [message.id for message in check_payment_settings() if message.id is not None]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, []),
        ({"NAMA_ENV": "production"}, ["payments.E001"]),
        ({"NAMA_PAYMENT_PROVIDERS": ["saman"], "NAMA_SAMAN_TERMINAL_ID": ""}, ["payments.E002"]),
        (
            {"NAMA_PAYMENT_PROVIDERS": ["zarinpal"], "NAMA_ZARINPAL_MERCHANT_ID": ""},
            ["payments.E003"],
        ),
        ({"NAMA_PAYMENT_PROVIDERS": ["sandbox", "mellat"]}, ["payments.E004"]),
    ],
)
def test_misconfigured_gateways_stop_the_checks(
    settings: Any, changes: dict[str, Any], errors: list[str]
) -> None:
    settings.NAMA_PAYMENT_PROVIDERS = ["sandbox"]
    for name, value in changes.items():
        setattr(settings, name, value)
    assert _ids() == errors


@pytest.mark.django_db
def test_the_periodic_tasks_run(settings: Any) -> None:
    assert recheck_payments.call() == 0
    token = bank.issue_token(
        terminal_id="sandbox-terminal", amount=50_000, res_num="R1", redirect_url="https://x.test/"
    )
    bank.pay(token=token, outcome=bank.Outcome.SUCCESS)
    SandboxTransaction.objects.update(paid_at=timezone.now() - timedelta(minutes=31))

    settings.NAMA_PAYMENT_PROVIDERS = ["saman"]
    assert sandbox_auto_reverse.call() == 0
    settings.NAMA_PAYMENT_PROVIDERS = ["sandbox"]
    assert sandbox_auto_reverse.call() == 1
    assert SandboxTransaction.objects.get().state == SandboxState.AUTO_REVERSED


@pytest.mark.django_db
def test_the_admin_shows_payments_and_their_events_read_only(settings: Any) -> None:
    gateway = use_fake_gateway(settings)
    bill = issued_bill(make_user())
    payment = start_payment(bill=bill, actor=bill.payer, callback_url="https://nama.test/cb/")[0]
    callback(payment)
    admin_user = User.objects.create_superuser("root", "root@example.com", "a-long-password-1")
    request = RequestFactory().get("/admin/payments/payment/")
    request.user = admin_user
    model_admin = PaymentAdmin(Payment, AdminSite())

    response = model_admin.change_view(request, str(payment.pk))
    assert isinstance(response, TemplateResponse)
    page = response.render().content.decode()
    assert payment.order_id in page
    assert gateway.count("verify") == 1
    assert texts.CLAIMED in page
    assert texts.PAID in page
    assert not model_admin.has_change_permission(request, payment)
    assert not model_admin.has_delete_permission(request, payment)
