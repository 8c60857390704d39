"""The beneficiary accounts and tariff books kept as YAML in the repository (``data/``).

``check_files`` lists every problem; ``sync_tariffs`` writes the accounts, then the books (each
approved, its body the file's text, comments included), in one transaction, all or nothing,
and reports what changed. Running it again changes nothing. The files win: a book edited in
the admin is replaced by its file on the next sync (the report says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.billing.constants import TariffStatus
from nama.billing.models import BeneficiaryAccount, TariffBook
from nama.billing.tariffs.schema import TariffSpec
from nama.billing.tariffs.validation import TariffError, load_yaml, parse_tariff
from nama.core.identifiers import validate_sheba

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ACCOUNTS_FILE = DATA_DIR / "accounts.yaml"
TARIFF_DIR = DATA_DIR / "tariffs"


@dataclass(frozen=True, slots=True)
class AccountData:
    code: str
    name: str
    sheba: str
    company_code: int


@dataclass(frozen=True, slots=True)
class BookFile:
    spec: TariffSpec
    text: str


@dataclass
class SyncReport:
    """What a sync changed, as lines for people."""

    accounts: list[str] = field(default_factory=list)
    books: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.accounts or self.books)

    def lines(self) -> list[str]:
        summary = (
            f"tariffs: {len(self.accounts)} account(s) and {len(self.books)} book(s) written, "
            f"{self.unchanged} unchanged"
        )
        return [*self.accounts, *self.books, summary]


def _load(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TariffError([f"{path.name}: خواندن پرونده ممکن نشد: {error}"]) from error


def read_accounts(path: Path = ACCOUNTS_FILE) -> list[AccountData]:
    """The accounts file, checked: Sheba numbers, unique codes and 3-digit company codes."""
    data = _load(path)
    if not isinstance(data, list) or not data:
        raise TariffError([f"{path.name}: باید فهرستی از حساب‌ها باشد."])
    accounts, problems = [], []
    for index, item in enumerate(data):
        try:
            accounts.append(_account(item))
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            problems.append(f"{path.name}[{index}]: حساب نادرست است: {_reason(error)}")
    for attribute in ("code", "company_code"):
        values = [getattr(account, attribute) for account in accounts]
        problems += [
            f"{path.name}: {attribute} «{value}» تکراری است."
            for value in sorted(set(values), key=str)
            if values.count(value) > 1
        ]
    if problems:
        raise TariffError(problems)
    return accounts


def _account(item: Any) -> AccountData:
    if not isinstance(item, dict) or set(item) != {"code", "name", "sheba", "company_code"}:
        raise ValueError("کلیدها باید code، name، sheba و company_code باشند")
    company_code = item["company_code"]
    if not isinstance(company_code, int) or not 100 <= company_code <= 999:
        raise ValueError("company_code باید عددی سه‌رقمی باشد")
    return AccountData(
        code=str(item["code"]),
        name=str(item["name"]),
        sheba=validate_sheba(str(item["sheba"])),
        company_code=company_code,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def read_book(path: Path, accounts: set[str]) -> BookFile:
    """One tariff file named ``<year>.yaml``, validated against the known account codes."""
    text = path.read_text(encoding="utf-8")
    try:
        spec = parse_tariff(_load(path), accounts=accounts)
    except TariffError as error:
        raise TariffError([f"{path.name}: {line}" for line in error.problems]) from error
    if path.stem != str(spec.year):
        raise TariffError([f"{path.name}: نام پرونده باید سال دفترچه باشد: {spec.year}.yaml"])
    return BookFile(spec=spec, text=text)


def _account_codes(accounts_file: Path) -> set[str]:
    codes = {account.code for account in read_accounts(accounts_file)}
    return codes | set(BeneficiaryAccount.objects.values_list("code", flat=True))


def check_files(
    paths: list[Path] | None = None, *, accounts_file: Path = ACCOUNTS_FILE
) -> list[str]:
    """Every problem of the accounts file and of ``paths`` (default: every tariff file)."""
    try:
        codes = _account_codes(accounts_file)
    except TariffError as error:
        return error.problems
    problems: list[str] = []
    for path in paths if paths is not None else sorted(TARIFF_DIR.glob("*.yaml")):
        try:
            read_book(path, codes)
        except TariffError as error:
            problems += error.problems
    return problems


def sync_accounts(path: Path = ACCOUNTS_FILE) -> list[str]:
    """Create or update the accounts of the file; return a line per change."""
    changes = []
    for data in read_accounts(path):
        values = {"name": data.name, "sheba": data.sheba, "company_code": data.company_code}
        account = BeneficiaryAccount.objects.filter(code=data.code).first()
        if account is None:
            BeneficiaryAccount.objects.create(code=data.code, **values)
            changes.append(f"account {data.code}: created")
        elif any(getattr(account, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(account, key, value)
            account.save(update_fields=list(values))
            changes.append(f"account {data.code}: updated")
    return changes


def sync_tariffs(
    actor: User | None,
    *,
    directory: Path = TARIFF_DIR,
    accounts_file: Path = ACCOUNTS_FILE,
) -> SyncReport:
    """Write the accounts and the books of the files (approved); all or none (``TariffError``)."""
    codes = {account.code for account in read_accounts(accounts_file)}
    books, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            books.append(read_book(path, codes))
        except TariffError as error:
            problems += error.problems
    if problems:
        raise TariffError(problems)
    report = SyncReport()
    with transaction.atomic():
        report.accounts = sync_accounts(accounts_file)
        for book in books:
            line = _write_book(book, actor)
            if line:
                report.books.append(line)
            else:
                report.unchanged += 1
    return report


def _write_book(book: BookFile, actor: User | None) -> str | None:
    spec, now = book.spec, timezone.now()
    values = {
        "title": spec.title,
        "illustrative": spec.illustrative,
        "body": book.text,
        "status": TariffStatus.APPROVED,
    }
    existing = TariffBook.objects.select_for_update().filter(year=spec.year).first()
    if existing is None:
        TariffBook.objects.create(
            year=spec.year, approved_at=now, approved_by=actor, updated_by=actor, **values
        )
        return f"tariff {spec.year}: created (approved)"
    if all(getattr(existing, key) == value for key, value in values.items()):
        return None
    for key, value in values.items():
        setattr(existing, key, value)
    existing.updated_at, existing.updated_by = now, actor
    fields = [*values, "updated_at", "updated_by"]
    if existing.approved_at is None:
        existing.approved_at, existing.approved_by = now, actor
        fields += ["approved_at", "approved_by"]
    existing.save(update_fields=fields)
    return f"tariff {spec.year}: updated from its file"
