"""``nama createadmin``: the first system administrator, with the second factor the admin needs."""

from __future__ import annotations

import getpass
import io
import os
from typing import Any

import segno
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.services.staff import create_staff_user, grant_role

PASSWORD_VARIABLE = "NAMA_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable


class Command(BaseCommand):
    help = (
        "Create a system administrator (staff account + system_admin role + authenticator). "
        f"The password is asked for, or read from ${PASSWORD_VARIABLE} with --no-input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--first-name", default="مدیر")
        parser.add_argument("--last-name", default="سامانه")
        parser.add_argument("--mobile", default="")
        parser.add_argument("--no-input", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        password = self._password(options["no_input"], username)
        with transaction.atomic():
            user = create_staff_user(
                actor=None,
                username=username,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                mobile=options["mobile"],
            )
            grant_role(
                actor=None, user=user, role=StaffRole.SYSTEM_ADMIN, district=None, client=None
            )
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self._print_authenticator(device)

    def _password(self, no_input: bool, username: str) -> str:
        password = os.environ.get(PASSWORD_VARIABLE, "") if no_input else getpass.getpass()
        try:
            validate_password(password, User(username=username))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password

    def _print_authenticator(self, device: TOTPDevice) -> None:
        url = device.config_url
        self.stdout.write("Add this account to an authenticator app (scan, or type the secret):")
        picture = io.StringIO()
        segno.make(url, error="m").terminal(out=picture, compact=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"  otpauth URL: {url}")
        self.stdout.write("Sign in at /accounts/login/ with the password, then the app's code.")
