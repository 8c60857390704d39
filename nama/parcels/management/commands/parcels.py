"""``nama parcels <sub-command>``: the property registry's operator commands.

import FILE [--kind parcels|streets] [--crs EPSG:xxxx] [--plan-version V] [--report FILE.json]
setbacks [--plan-version V] [--batch-size N]
generate --parcels N --seed S
reindex
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.parcels import spatial_index
from nama.parcels.constants import ImportKind
from nama.parcels.generator.store import generate_city, synthetic_exists
from nama.parcels.importers.readers import SourceError
from nama.parcels.importers.run import import_file
from nama.parcels.selectors import current_plan_version, plan_version_by_code
from nama.parcels.services.plans import recompute_setbacks


class Command(BaseCommand):
    help = "Property registry: import files, recompute setbacks, generate a synthetic city."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importing = commands.add_parser("import", help="Import parcels or street lines.")
        importing.add_argument("file", type=Path)
        importing.add_argument("--kind", choices=ImportKind.values, default=ImportKind.PARCELS)
        importing.add_argument("--crs", help="CRS of the file, e.g. EPSG:32639 (overrides it).")
        importing.add_argument("--plan-version", help="Plan version code (street lines).")
        importing.add_argument("--batch-size", type=int, default=1000)
        importing.add_argument("--report", type=Path, help="Also write the report as JSON.")
        setbacks = commands.add_parser("setbacks", help="Recompute stored setbacks.")
        setbacks.add_argument("--plan-version", help="Plan version code (default: current).")
        setbacks.add_argument("--batch-size", type=int, default=20_000)
        generate = commands.add_parser("generate", help="Generate a synthetic city.")
        generate.add_argument("--parcels", type=int, default=20_000)
        generate.add_argument("--seed", type=int, default=1404)
        commands.add_parser("reindex", help="Rebuild the SQLite R*Tree from the bbox columns.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "setbacks":
            self._setbacks(options)
        elif action == "generate":
            self._generate(options)
        else:
            self.stdout.write(f"R*Tree entries: {spatial_index.rebuild()}")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        plan = None
        if options["plan_version"]:
            plan = plan_version_by_code(options["plan_version"])
            if plan is None:
                raise CommandError(f"No plan version {options['plan_version']!r}.")
        try:
            report = import_file(
                path,
                kind=ImportKind(options["kind"]),
                crs=options["crs"],
                plan_version=plan,
                batch_size=max(1, options["batch_size"]),
            )
        except (SourceError, ValidationError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
            )

    def _setbacks(self, options: dict[str, Any]) -> None:
        code = options["plan_version"]
        plan = plan_version_by_code(code) if code else current_plan_version()
        if plan is None:
            raise CommandError("No such plan version." if code else "No approved plan version.")
        summary = recompute_setbacks(actor=None, plan=plan, batch_size=options["batch_size"])
        self.stdout.write(
            f"Setbacks of plan {summary.plan_version}: {summary.parcels} parcels, "
            f"{summary.affected} meet a right-of-way, {summary.seconds:.1f} s."
        )

    def _generate(self, options: dict[str, Any]) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refused: a synthetic city is demo data (NAMA_ENV=production).")
        if synthetic_exists():
            raise CommandError("A synthetic city is already loaded.")
        if options["parcels"] < 1:
            raise CommandError("--parcels must be positive.")
        summary = generate_city(parcels=options["parcels"], seed=options["seed"])
        self.stdout.write(
            f"Synthetic city (seed {options['seed']}): {summary.parcels} parcels, "
            f"{summary.buildings} buildings, {summary.units} units, {summary.owners} owners, "
            f"{summary.shares} shares, {summary.street_lines} street lines of plan "
            f"{summary.plan_version}, {summary.affected} parcels meet a right-of-way; "
            f"{summary.seconds:.1f} s."
        )
