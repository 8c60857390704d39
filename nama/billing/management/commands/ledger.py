"""``nama ledger check``: the balances per beneficiary account, and whether the ledger agrees
with the bills, receipts, refunds and gateway payments (exit 1 with the problems if not)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nama.billing.services.ledger import AccountBalance, account_balances, check_ledger

COLUMNS = ("account", "receivable", "cancelled", "received", "refunded", "outstanding")


class Command(BaseCommand):
    help = (
        "The revenue ledger. check: print the balances per beneficiary account (rials) and "
        "prove the ledger agrees with bills, receipts, refunds and gateway payments; exit 1 "
        "with the problems when it does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("check", help="print balances and check the ledger")

    def handle(self, *args: Any, **options: Any) -> None:
        for line in table(account_balances()):
            self.stdout.write(line)
        problems = check_ledger()
        if not problems:
            self.stdout.write("ledger: balanced")
            return
        for problem in problems:
            self.stderr.write(problem)
        raise CommandError(f"ledger: {len(problems)} problem(s)")


def table(balances: list[AccountBalance]) -> list[str]:
    """Aligned columns: the account code, then amounts with thousands separators."""
    rows = [COLUMNS] + [
        (
            balance.account.code,
            *(
                f"{amount:,}"
                for amount in (
                    balance.receivable,
                    balance.cancelled,
                    balance.received,
                    balance.refunded,
                    balance.outstanding,
                )
            ),
        )
        for balance in balances
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
