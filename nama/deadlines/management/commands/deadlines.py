"""``nama deadlines``: run the deadline sweep once (what the periodic job does) and print
what it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nama.deadlines.sweep import sweep


class Command(BaseCommand):
    help = (
        "Run the deadline sweep once: remind before deadlines, mark overdue requests, notify "
        "their holders and district managers, escalate per each service's rule. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep()
        self.stdout.write(
            f"{result.reminded} reminded, {result.overdue} marked overdue, "
            f"{result.escalated} escalated, {result.taken_back} taken back into the shared "
            f"queue, {result.failed} failed"
        )
        if result.failed:
            self.stderr.write("Some requests failed; see the log. They are retried next run.")
