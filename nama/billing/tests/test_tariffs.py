"""Tariff books: the repository's files, their validation in Persian, sync, lookup and the
admin's editing of books and accounts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from nama.accounts.tests.factories import make_user, sign_in_verified, system_admin
from nama.billing.admin import BeneficiaryAccountForm
from nama.billing.constants import TariffStatus
from nama.billing.models import BeneficiaryAccount, TariffBook
from nama.billing.tariffs import book_for, parse_tariff
from nama.billing.tariffs.files import TARIFF_DIR, check_files, sync_tariffs
from nama.billing.tariffs.validation import TariffError
from nama.billing.tests.builders import an_assessment
from nama.core.identifiers import validate_sheba
from nama.core.problems import NotFoundError

pytestmark = pytest.mark.django_db


def data_of(year: int = 1405) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((TARIFF_DIR / f"{year}.yaml").read_text("utf-8"))
    return loaded


def test_the_repository_books_are_valid_and_sync_is_idempotent() -> None:
    assert check_files() == []
    TariffBook.objects.all().delete()  # loaded for the session by the root conftest

    first = sync_tariffs(actor=None)
    again = sync_tariffs(actor=None)

    assert first.books == [
        "tariff 1403: created (approved)",
        "tariff 1404: created (approved)",
        "tariff 1405: created (approved)",
    ]
    assert (again.changed, again.unchanged) == (False, 3)
    accounts = BeneficiaryAccount.objects.all()
    assert sorted(a.code for a in accounts) == [
        "education",
        "fire_service",
        "municipality",
        "urban_rail",
        "vat",
    ]
    assert all(
        validate_sheba(a.sheba) == a.sheba and 100 <= a.company_code <= 999 for a in accounts
    )
    book = TariffBook.objects.get(year=1405)
    assert (book.status, book.illustrative) == (TariffStatus.APPROVED, True)
    assert book.approved_at is not None
    assert "NOT the" in book.body  # the file's comment saying the numbers are examples


def test_a_book_missing_a_priced_rule_or_an_account_is_refused_with_every_problem() -> None:
    data = data_of()
    del data["fixed_fees"]["walling_fee"]
    del data["accounts"]["vat"]
    data["vat"]["percent"] = 120
    data["good_payer"]["end"] = "12-31"
    data["surprise"] = 1

    with pytest.raises(TariffError) as refused:
        parse_tariff(data)

    assert refused.value.problems == [
        "vat.percent: نباید بیش از ۱۰۰ باشد.",
        "good_payer.end: باید ماه-روز شمسی باشد، مانند 01-01 یا 03-31.",
        "surprise: کلید ناشناخته است.",
    ]
    data["vat"]["percent"], data["good_payer"]["end"] = 10, "03-31"
    del data["surprise"]
    with pytest.raises(TariffError) as refused:
        parse_tariff(data, accounts={"municipality"})
    assert refused.value.problems == [
        "fixed_fees.walling_fee: مبلغ «عوارض مجوز دیوارکشی» تعیین نشده است.",
        "accounts.vat: حساب ذی‌نفع «مالیات بر ارزش افزوده» تعیین نشده است.",
        "accounts.education_share: حساب ذی‌نفع «education» تعریف نشده است.",
        "accounts.fire_service_share: حساب ذی‌نفع «fire_service» تعریف نشده است.",
        "accounts.urban_rail_share: حساب ذی‌نفع «urban_rail» تعریف نشده است.",
    ]


def test_a_bad_file_stops_the_whole_sync_and_the_check_command_fails(tmp_path: Path) -> None:
    for year in (1404, 1405):
        shutil.copy(TARIFF_DIR / f"{year}.yaml", tmp_path / f"{year}.yaml")
    broken = data_of(1405)
    broken["shares"]["education_share"]["base"].append("vat")
    (tmp_path / "1405.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    before = {book.year: book.body for book in TariffBook.objects.all()}

    with pytest.raises(TariffError) as refused:
        sync_tariffs(actor=None, directory=tmp_path)
    with pytest.raises(CommandError):
        call_command("tariffs", "check", str(tmp_path / "1405.yaml"))

    assert refused.value.problems[0].startswith("1405.yaml: shares.education_share.base.vat:")
    assert {book.year: book.body for book in TariffBook.objects.all()} == before
    call_command("tariffs", "check", str(tmp_path / "1404.yaml"))


def test_book_for_returns_the_approved_book_and_reads_an_edit() -> None:
    sync_tariffs(actor=None)
    assert book_for(1405).fixed_fees["expert_visit"] == 4_500_000

    book = TariffBook.objects.get(year=1405)
    book.body = book.body.replace("expert_visit: 4_500_000", "expert_visit: 5_000_000")
    book.save(update_fields=["body", "updated_at"])
    TariffBook.objects.filter(year=1404).update(status=TariffStatus.DRAFT)

    assert book_for(1405).fixed_fees["expert_visit"] == 5_000_000
    with pytest.raises(NotFoundError) as missing:
        book_for(1404)
    assert missing.value.detail == "تعرفه سال ۱۴۰۴ تصویب نشده است."


def test_the_admin_validates_a_book_and_records_approval_and_edits() -> None:
    sync_tariffs(actor=None)
    TariffBook.objects.filter(year=1405).update(status=TariffStatus.DRAFT, approved_at=None)
    book = TariffBook.objects.get(year=1405)
    client = Client()
    administrator = sign_in_verified(client, system_admin())
    page = f"/admin/billing/tariffbook/{book.pk}/change/"
    fields = {"year": 1405, "title": book.title, "status": "approved", "approval_reference": ""}
    wrong_year = book.body.replace("year: 1405", "year: 1404")
    dearer = book.body.replace("expert_visit: 4_500_000", "expert_visit: 4_600_000")

    refused = client.post(page, {**fields, "body": wrong_year})
    saved = client.post(page, {**fields, "body": dearer})

    assert "year: سال متن (۱۴۰۴) با سال دفترچه (۱۴۰۵) یکی نیست." in refused.content.decode()
    assert saved.status_code == 302
    book.refresh_from_db()
    assert (book.status, book.approved_by, book.updated_by) == (
        "approved",
        administrator,
        administrator,
    )
    assert book_for(1405).fixed_fees["expert_visit"] == 4_600_000
    shown = an_assessment(make_user(), lines=[("municipality", 1_250_000)])
    for path in ("bill", "dutyyear", "ledgerentry", f"assessment/{shown.pk}/change"):
        assert client.get(f"/admin/billing/{path}/").status_code == 200
    assert client.get("/admin/billing/assessment/add/").status_code == 403


def test_an_account_needs_a_valid_sheba_and_a_three_digit_company_code() -> None:
    sheba = "IR000610000000700100100001"  # wrong check digits
    data = {"code": "parks", "name": "سازمان پارک‌ها", "sheba": sheba, "company_code": 7}
    form = BeneficiaryAccountForm(data=data)

    assert not form.is_valid()
    assert form.errors["sheba"] == ["شماره شبا نامعتبر است."]
    assert form.errors["company_code"] == ["کد شرکت باید عددی سه‌رقمی باشد."]
