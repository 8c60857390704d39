"""``nama tariffs sync | check [FILE ...]``: the tariff books and beneficiary accounts of
``nama/billing/data``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.billing.tariffs.files import TARIFF_DIR, check_files, sync_tariffs
from nama.billing.tariffs.validation import TariffError


class Command(BaseCommand):
    help = (
        "Tariff books. sync: write the accounts and the books of nama/billing/data (approved; "
        "all or nothing); check [FILE ...]: validate tariff files (default: every one), exit 1 "
        "on any problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sync = actions.add_parser("sync", help="write the files; prints what changed")
        sync.add_argument("--dir", type=Path, default=TARIFF_DIR, help="tariff files")
        check = actions.add_parser("check", help="validate tariff files")
        check.add_argument("files", nargs="*", type=Path, help="default: every tariff file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "sync":
                self._sync(options["dir"])
            else:
                self._check(options["files"])
        except TariffError as error:
            for line in error.problems:
                self.stderr.write(line)
            outcome = "" if options["action"] == "check" else "; nothing was changed"
            raise CommandError(f"{len(error.problems)} problem(s){outcome}") from error

    def _sync(self, directory: Path) -> None:
        for line in sync_tariffs(actor=None, directory=directory).lines():
            self.stdout.write(line)

    def _check(self, files: list[Path]) -> None:
        missing = [f"{path}: no such file" for path in files if not path.is_file()]
        problems = missing or check_files(files or None)
        if problems:
            raise TariffError(problems)
        self.stdout.write("tariffs: every book is valid")
