"""The first administrator is made from the shell, with role and second factor."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.authz import can
from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.accounts.tests.factories import verified

pytestmark = pytest.mark.django_db


def test_createadmin_makes_a_verified_capable_system_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMA_ADMIN_PASSWORD", "Shahrdari-Esfahan-1404")
    out = StringIO()
    call_command("createadmin", "root", "--no-input", stdout=out)
    admin = User.objects.get(username="root")
    assert admin.kind == AccountKind.STAFF
    assert admin.is_superuser
    assert can(verified(admin), "accounts.manage_roles")
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert "otpauth://totp/" in out.getvalue()


def test_createadmin_refuses_a_weak_password_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NAMA_ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("createadmin", "root", "--no-input", stdout=StringIO())
    assert not User.objects.filter(username="root").exists()


def test_django_createsuperuser_makes_a_staff_account() -> None:
    user = User.objects.create_superuser("boss", password="Shahrdari-Esfahan-1404")
    assert user.kind == AccountKind.STAFF
