from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.core.jalali import tehran_today, to_jalali
from nama.workflow.calendar import jalali_year_span, load_official_holidays


class Command(BaseCommand):
    help = (
        "Load Iran's official holidays of a Jalali year from the `holidays` package as closures. "
        "Idempotent; rows an administrator edited are left alone. "
        "Without --year: the current and the next Jalali year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, action="append", dest="years", help="Jalali year, e.g. 1405"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        current = int(to_jalali(tehran_today()).year)
        for year in options["years"] or [current, current + 1]:
            if not 1300 <= year <= 1500:
                raise CommandError(f"Jalali year out of range (1300–1500): {year}")
            result = load_official_holidays(jalali_year=year)
            first, last = jalali_year_span(year)
            self.stdout.write(
                f"{year} ({first}…{last}): {result.created} created, {result.updated} updated, "
                f"{result.removed} removed, {result.kept} kept as administrators left them"
            )
