from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nama.districts.services import DEFAULT_CITY_FILE, load_city_file, sync_city


class Command(BaseCommand):
    help = "Create or update the city profile and its districts from a city JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_CITY_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = sync_city(load_city_file(options["file"]))
        self.stdout.write(f"districts: {created} created, {updated} updated")
