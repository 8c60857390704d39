"""``nama sms_requeue``: enqueue due SMS retries and queued messages whose task was lost."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nama.sms.services import requeue_due_sms


class Command(BaseCommand):
    help = "Enqueue SMS retries that are due and queued messages whose task was lost."

    def handle(self, *args: Any, **options: Any) -> None:
        count = requeue_due_sms()
        self.stdout.write(f"{count} SMS enqueued.")
