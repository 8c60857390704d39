"""Desk clerks and planning officers of the district record what the documents say."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import sign_in_verified, staff_member
from nama.inspections.constants import Source
from nama.inspections.models import Observation
from nama.inspections.tests.builders import at_visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _signed_in(role: StaffRole, district: int = 7) -> tuple[Client, User]:
    client = Client()
    user = sign_in_verified(client, staff_member(role, district))
    return client, user


def test_a_desk_clerk_records_figures_from_the_documents() -> None:
    case, _visit = at_visit()
    client, clerk = _signed_in(StaffRole.DESK_CLERK)
    url = f"/inspections/{case.tracking_code}/desk/"

    saved = client.post(url, {"land_area": "۶۰۰٫۵", "floors": "۳", "use": "residential"})
    cleared = client.post(url, {"land_area": "۶۰۰٫۵", "floors": "", "use": "residential"})
    page = client.get(url).content.decode()

    assert (saved.status_code, cleared.status_code) == (302, 302)
    figures = {o.key: o.value for o in Observation.objects.filter(case=case, source=Source.DESK)}
    assert figures == {"land_area": "600.50", "use": "residential"}
    assert Observation.objects.filter(reported_by=clerk).count() == 2
    assert "۶۰۰٫۵ مترمربع" in page


def test_an_unreadable_figure_is_refused_and_nothing_is_kept() -> None:
    case, _visit = at_visit()
    client, _clerk = _signed_in(StaffRole.PLANNING_OFFICER)

    response = client.post(f"/inspections/{case.tracking_code}/desk/", {"floors": "دو"})

    assert response.status_code == 422
    assert "باید عدد باشد." in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("role", "district"),
    [(StaffRole.VISIT_AGENT, 7), (StaffRole.DESK_CLERK, 3), (StaffRole.REVENUE_OFFICER, 7)],
    ids=["inspector", "clerk of another district", "revenue officer"],
)
def test_others_may_not_record_desk_figures(role: StaffRole, district: int) -> None:
    case, _visit = at_visit()
    client, _user = _signed_in(role, district)

    response = client.post(f"/inspections/{case.tracking_code}/desk/", {"floors": "3"})

    assert response.status_code == 404
    assert not Observation.objects.exists()
