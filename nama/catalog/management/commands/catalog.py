"""``nama catalog sync | check | export CODE [--version N] | import FILE``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.catalog.files import DATA_DIR, check_catalog, sync_catalog
from nama.catalog.schema import CatalogError
from nama.catalog.transfer import export_version, import_version


class Command(BaseCommand):
    help = (
        "The service catalogue. sync: publish the workflow and service files (all or "
        "nothing); check: list every problem (exit 1 if any); export CODE [--version N]: "
        "print a version as JSON; import FILE: publish an exported version here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sync = actions.add_parser("sync", help="publish the files; prints what changed")
        sync.add_argument("--dir", type=Path, default=DATA_DIR, help="service files")
        sync.add_argument(
            "--overwrite-local",
            action="store_true",
            help="publish a file even where an administrator's or imported version is current",
        )
        check = actions.add_parser("check", help="validate every definition")
        check.add_argument("--dir", type=Path, default=DATA_DIR, help="service files")
        export = actions.add_parser("export", help="print one version as JSON")
        export.add_argument("code")
        export.add_argument("--version", dest="number", type=int, default=None)
        load = actions.add_parser("import", help="publish an exported version (FILE or -)")
        load.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['action']}")
        try:
            handler(options)
        except CatalogError as error:
            for line in error.problems:
                self.stderr.write(line)
            outcome = "" if options["action"] == "check" else "; nothing was changed"
            raise CommandError(f"{len(error.problems)} problem(s){outcome}") from error

    def _sync(self, options: dict[str, Any]) -> None:
        report = sync_catalog(
            actor=None, directory=options["dir"], overwrite_local=options["overwrite_local"]
        )
        for line in report.lines():
            self.stdout.write(line)

    def _check(self, options: dict[str, Any]) -> None:
        problems = check_catalog(options["dir"])
        if problems:
            raise CatalogError(problems)
        self.stdout.write("catalogue: every definition is valid")

    def _export(self, options: dict[str, Any]) -> None:
        data = export_version(code=options["code"], version=options["number"])
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _import(self, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
            payload = json.loads(text)
        except (OSError, json.JSONDecodeError) as error:
            raise CatalogError([f"{name}: cannot read an export file: {error}"]) from error
        result = import_version(payload=payload, actor=None)
        version = result.published.version
        state = "published" if result.published.created else "unchanged, already"
        self.stdout.write(f"{version.service.code}: {state} version {version.version}")
        for note in result.notes:
            self.stdout.write(f"note: {note}")
