"""The history of holds is visible in the admin, in Persian, and cannot be edited there."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import sign_in_verified, system_admin
from nama.staff.models import HoldEvent
from nama.staff.services import claim
from nama.staff.tests.factories import member, online_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def test_holds_are_listed_read_only(client: Client) -> None:
    case = online_request()
    claim(actor=member(StaffRole.DESK_CLERK), case=case)
    event = HoldEvent.objects.get()
    sign_in_verified(client, system_admin())
    listing = client.get("/admin/staff/holdevent/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert case.tracking_code in page
    assert "تغییرهای مسئول درخواست" in page
    assert "برداشتن از کارتابل" in page
    assert client.get("/admin/staff/holdevent/add/").status_code == 403
    detail = client.get(f"/admin/staff/holdevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="reason"' not in detail.content.decode()  # shown, not editable
    assert client.post(f"/admin/staff/holdevent/{event.pk}/delete/").status_code == 403
    assert HoldEvent.objects.count() == 1
