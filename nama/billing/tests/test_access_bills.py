"""Who may see, pay and manage a bill, on the pages: the payer, revenue staff of the bill's
district, and everyone who must be refused (nothing changes for them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from nama.accounts.authz import can
from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member
from nama.billing.access import payer_side, revenue_staff_for
from nama.billing.models import Bill
from nama.billing.selectors import payer_bills, revenue_bills
from nama.billing.tests.builders import a_vehicle
from nama.billing.tests.test_pages_helpers import (
    issued,
    officer,
    paid,
    property_bill,
    state,
)
from nama.parcels.services.owners import ShareData, set_owners

pytestmark = pytest.mark.django_db

Persona = Callable[[Client, User], User | None]


def _citizen(client: Client, owner: User) -> User:
    user = make_user()
    client.force_login(user)
    return user


def _owner(client: Client, owner: User) -> User:
    client.force_login(owner)
    return owner


def _staff(role: StaffRole, district: int, *, second_factor: bool = True) -> Persona:
    def persona(client: Client, owner: User) -> User:
        user = staff_member(role, district)
        if second_factor:
            return sign_in_verified(client, user)
        client.force_login(user)
        return user

    return persona


# persona → (bill page, receipt, may pay, revenue bill page, reissue, refund): HTTP statuses.
MATRIX: dict[str, tuple[Persona, tuple[int, int, bool, int, int, int]]] = {
    "owner and payer": (_owner, (200, 200, True, 404, 404, 404)),
    "revenue officer of the district": (
        _staff(StaffRole.REVENUE_OFFICER, 7),
        (404, 404, False, 200, 302, 302),
    ),
    "district manager (looks, may not change)": (
        _staff(StaffRole.DISTRICT_MANAGER, 7),
        (404, 404, False, 200, 403, 403),
    ),
    "revenue officer of another district": (
        _staff(StaffRole.REVENUE_OFFICER, 6),
        (404, 404, False, 404, 404, 404),
    ),
    "revenue officer without the second factor": (
        _staff(StaffRole.REVENUE_OFFICER, 7, second_factor=False),
        (404, 404, False, 404, 404, 404),
    ),
    "unrelated citizen": (_citizen, (404, 404, False, 404, 404, 404)),
    "anonymous": (lambda client, owner: None, (302, 302, False, 302, 302, 302)),
}


@pytest.mark.parametrize("name", list(MATRIX))
def test_the_access_matrix_of_bill_pages(client: Client, name: str) -> None:
    owner = make_user()
    parcel, open_bill = property_bill(owner)
    paid_bill = paid(issued(owner, parcel=parcel))
    persona, expected = MATRIX[name]
    user = persona(client, owner)
    before = (state(open_bill), state(paid_bill))

    found = (
        client.get(f"/bills/{open_bill.pk}/").status_code,
        client.get(f"/bills/{paid_bill.pk}/receipt/").status_code,
        can(user, "billing.pay", open_bill),
        client.get(f"/revenue/bills/{open_bill.pk}/").status_code,
        client.post(
            f"/revenue/bills/{open_bill.pk}/reissue/", {"reissue-reason": "مبلغ نادرست"}
        ).status_code,
        client.post(
            f"/revenue/bills/{paid_bill.pk}/refund/",
            {"refund-reason": "پرداخت اشتباه", "refund-reference": "TR-1"},
        ).status_code,
    )

    assert found == expected
    if expected[4] != 302:
        assert (state(open_bill), state(paid_bill)) == before


def test_the_lists_show_exactly_what_the_rules_allow() -> None:
    owner, co_owner = make_user(), make_user()
    _parcel, parcel_bill = property_bill(owner)
    vehicle_bill = issued(owner, vehicle=a_vehicle(owner))
    own_bill = issued(co_owner)
    people = {
        "owner": owner,
        "another citizen": co_owner,
        "officer 7": officer(7),
        "officer 6": officer(6),
        "city manager": officer(None, StaffRole.CITY_MANAGER),  # type: ignore[arg-type]
        "officer 7 without second factor": staff_member(StaffRole.REVENUE_OFFICER, 7),
    }
    bills = [parcel_bill, vehicle_bill, own_bill]

    for name, user in people.items():
        payer_side_ids = {bill.pk for bill in bills if payer_side(user, bill)}
        revenue_ids = {bill.pk for bill in bills if revenue_staff_for(user, bill)}
        assert set(payer_bills(user).values_list("pk", flat=True)) == payer_side_ids, name
        assert set(revenue_bills(user).values_list("pk", flat=True)) == revenue_ids, name

    assert set(payer_bills(owner).values_list("pk", flat=True)) == {parcel_bill.pk, vehicle_bill.pk}
    assert set(revenue_bills(people["officer 7"]).values_list("pk", flat=True)) == {parcel_bill.pk}
    assert set(revenue_bills(people["city manager"]).values_list("pk", flat=True)) == {
        bill.pk for bill in bills
    }


def test_a_co_owner_sees_and_may_pay_the_property_bill(client: Client) -> None:
    owner = make_user()
    parcel, bill = property_bill(owner)
    partner = make_user()
    set_owners(
        actor=None,
        parcel=parcel,
        shares=[
            ShareData(dang=3, national_id=owner.national_id or ""),
            ShareData(dang=3, national_id=partner.national_id or ""),
        ],
    )
    client.force_login(partner)

    assert client.get(f"/bills/{bill.pk}/").status_code == 200
    assert can(partner, "billing.pay", Bill.objects.get(pk=bill.pk))
