"""``nama bankfile import FILE --bank NAME``: import a bank's settlement file (CSV with
bill_id,payment_id,amount,paid_at,trace) and print what became of its rows, in Persian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.billing.constants import BankImportOutcome
from nama.billing.services.reconciliation import import_bank_file, summary_lines
from nama.core.text import to_persian_digits

# Rows a person must look at; the others were recorded or confirmed.
REPORTED = (
    BankImportOutcome.ALREADY_PAID,
    BankImportOutcome.UNKNOWN,
    BankImportOutcome.WRONG_AMOUNT,
    BankImportOutcome.INVALID,
    BankImportOutcome.NOT_PAYABLE,
)


class Command(BaseCommand):
    help = (
        "Bank reconciliation. import FILE --bank NAME: mark the bills of a bank's settlement "
        "file paid (idempotent: a file once, a row's trace once) and report mismatches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import a settlement file (CSV, UTF-8)")
        importing.add_argument("file", type=Path)
        importing.add_argument("--bank", required=True, help="the bank the file came from")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"فایل {path} خوانده نشد: {error.strerror}") from error
        try:
            imported = import_bank_file(
                data=data, file_name=path.name, bank=options["bank"], actor=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in summary_lines(imported):
            self.stdout.write(line)
        for row in imported.rows.filter(outcome__in=REPORTED).order_by("line_number"):
            number = to_persian_digits(str(row.line_number))
            self.stdout.write(f"سطر {number} — {row.get_outcome_display()}: {row.message}")
