from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nama.core.demo import DemoLogin
from nama.demo.steps import DEMO_STEPS


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refused: demo accounts have published passwords (NAMA_ENV=production)."
            )
        logins: list[DemoLogin] = []
        with transaction.atomic():
            for step in DEMO_STEPS:
                logins.extend(step())
        self.stdout.write("Demo accounts (demo data only — never use in production):")
        self.stdout.write("  username       password         who")
        for login in logins:
            note = f"  {login.note}" if login.note else ""
            self.stdout.write(f"  {login.username:<14} {login.password:<16} {login.role}{note}")
