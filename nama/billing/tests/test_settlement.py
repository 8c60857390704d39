"""Settlement letters (مفاصاحساب): issued only when a property owes nothing (renewal duty paid
through this year, no unpaid bill of it or its units), valid three months within the year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from nama.accounts.tests.factories import make_user
from nama.billing.constants import Purpose
from nama.billing.models import SettlementLetter
from nama.billing.services.duties import record_opening_balance
from nama.billing.services.settlement import issue_settlement_letter, owed_items, valid_until
from nama.billing.tariffs import current_year
from nama.billing.tests.builders import a_shop
from nama.billing.tests.test_pages_helpers import fa, issued, paid
from nama.cases.tests.builders import owned_parcel
from nama.core.jalali import from_jalali
from nama.core.problems import ConflictError, NotFoundError
from nama.parcels.models import Parcel

pytestmark = pytest.mark.django_db


def _settled(owner_parcel: Parcel) -> Parcel:
    record_opening_balance(
        purpose=Purpose.RENEWAL_DUTY, through_year=current_year(), actor=None, parcel=owner_parcel
    )
    return owner_parcel


def test_validity_is_three_months_but_not_past_the_year() -> None:
    assert valid_until(date(2026, 5, 1)) == date(2026, 7, 30)
    last_day = from_jalali(1405, 12, 29)
    assert valid_until(from_jalali(1405, 12, 1)) == last_day


def test_unpaid_years_are_owed_and_no_letter_is_issued(tariffs: None) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)

    items = owed_items(parcel)
    with pytest.raises(ConflictError) as refused:
        issue_settlement_letter(parcel=parcel, actor=owner)

    assert [item.text for item in items] == [
        "عوارض نوسازی سال‌های ۱۴۰۳، ۱۴۰۴، ۱۴۰۵ پرداخت نشده است."
    ]
    assert refused.value.code == "not_settled"
    assert "۱۴۰۳" in refused.value.detail
    assert not SettlementLetter.objects.exists()


def test_an_unpaid_bill_of_a_shop_unit_blocks_the_letter(tariffs: None) -> None:
    owner = make_user()
    unit = a_shop(owner)
    parcel = _settled(unit.building.parcel)
    bill = issued(owner, purpose=Purpose.BUSINESS_DUTY, unit=unit, parcel=parcel)

    items = owed_items(parcel)
    assert [item.bill for item in items] == [bill]
    assert fa(bill.bill_number) in items[0].text

    paid(bill)
    assert owed_items(parcel) == []


def test_a_settled_property_gets_one_letter_for_the_year(tariffs: None) -> None:
    owner = make_user()
    parcel = _settled(owned_parcel(owner))

    letter = issue_settlement_letter(parcel=parcel, actor=owner)
    again = issue_settlement_letter(parcel=parcel, actor=owner)

    today = timezone.localdate()
    assert again == letter
    assert letter.number == f"{current_year()}-{parcel.pk:06d}-01"
    assert letter.through_year == current_year()
    assert today < letter.valid_until <= today + timedelta(days=90)
    with pytest.raises(NotFoundError):
        issue_settlement_letter(parcel=parcel, actor=make_user())
    assert SettlementLetter.objects.count() == 1


def test_the_settlement_pages_issue_show_and_print_the_letter(
    client: Client, tariffs: None
) -> None:
    owner = make_user()
    parcel = _settled(owned_parcel(owner))
    client.force_login(owner)

    status = client.get(f"/bills/settlement/{parcel.pk}/").content.decode()
    issued_response = client.post(f"/bills/settlement/{parcel.pk}/")
    letter = SettlementLetter.objects.get()
    page = client.get(issued_response["Location"]).content.decode()
    pdf = client.get(f"/bills/settlement/letters/{letter.pk}/pdf/")

    assert "صدور مفاصاحساب" in status
    assert issued_response["Location"] == f"/bills/settlement/letters/{letter.pk}/"
    assert fa(letter.number) in page
    assert fa(parcel.renewal_code) in page
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.force_login(make_user())
    assert client.get(f"/bills/settlement/letters/{letter.pk}/").status_code == 404
    assert client.post(f"/bills/settlement/{parcel.pk}/").status_code == 404


def test_the_page_says_what_is_owed(client: Client, tariffs: None) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    client.force_login(owner)

    page = client.get(f"/bills/settlement/{parcel.pk}/").content.decode()
    refused = client.post(f"/bills/settlement/{parcel.pk}/", follow=True).content.decode()

    assert "عوارض نوسازی سال‌های ۱۴۰۳، ۱۴۰۴، ۱۴۰۵ پرداخت نشده است." in page
    assert "صدور مفاصاحساب</button>" not in page
    assert "مفاصاحساب صادر نمی‌شود" in refused
    assert not SettlementLetter.objects.exists()
