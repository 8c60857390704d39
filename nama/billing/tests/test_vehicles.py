"""A citizen's vehicles: plates in any digits, one active vehicle per plate, model years,
removing one's own vehicle (not someone else's, not with an unpaid bill)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from nama.accounts.tests.factories import make_user
from nama.billing.constants import BillStatus, Purpose
from nama.billing.models import Vehicle
from nama.billing.services.vehicles import (
    add_vehicle,
    current_jalali_year,
    normalize_plate,
    remove_vehicle,
)
from nama.billing.tests.builders import a_vehicle
from nama.billing.tests.test_pages_helpers import issued
from nama.core.problems import ConflictError, NotFoundError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12ب345-13", "12ب345-13"),
        ("۱۲ ب ۳۴۵ ایران ۱۳", "12ب345-13"),
        ("٦٨ الف ٤٢١ - ٥٣", "68الف421-53"),
        ("22 ي 789 | 10", "22ی789-10"),  # Arabic yeh, a bar between parts
    ],
)
def test_plates_are_normalised(typed: str, stored: str) -> None:
    assert normalize_plate(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "12X345-13", "02ب345-13", "12ب34-13", "12ب345-1", "12345-13"]
)
def test_malformed_plates_are_refused_in_persian(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        normalize_plate(typed)
    assert "دو رقم، یک حرف، سه رقم" in refused.value.message_dict["plate"][0]


@pytest.mark.django_db
def test_an_active_plate_belongs_to_one_vehicle() -> None:
    first, second = make_user(), make_user()
    car = add_vehicle(actor=first, plate="۱۲ب۳۴۵-۱۳", vehicle_class="passenger", model_year="۱۳۹۸")

    with pytest.raises(ValidationError) as taken:
        add_vehicle(actor=second, plate="12 ب 345 ایران 13", vehicle_class="van", model_year=1400)
    assert "پیش‌تر ثبت شده" in taken.value.message_dict["plate"][0]
    assert Vehicle.objects.count() == 1

    remove_vehicle(actor=first, vehicle=car)
    again = add_vehicle(actor=second, plate="12ب345-13", vehicle_class="van", model_year=1400)
    assert (again.owner, again.plate, again.model_year) == (second, "12ب345-13", 1400)


@pytest.mark.django_db
def test_class_and_model_year_are_checked_together() -> None:
    with pytest.raises(ValidationError) as refused:
        add_vehicle(
            actor=make_user(),
            plate="12X",
            vehicle_class="tank",
            model_year=current_jalali_year() + 1,
        )
    assert set(refused.value.message_dict) == {"plate", "vehicle_class", "model_year"}
    assert "۱۳۰۰" in refused.value.message_dict["model_year"][0]
    with pytest.raises(ValidationError):
        add_vehicle(actor=make_user(), plate="12ب345-13", vehicle_class="van", model_year=1299)
    assert not Vehicle.objects.exists()


@pytest.mark.django_db
def test_removing_is_for_the_owner_and_waits_for_open_bills() -> None:
    owner = make_user()
    car = a_vehicle(owner)
    bill = issued(owner, vehicle=car, purpose=Purpose.VEHICLE_DUTY)

    with pytest.raises(NotFoundError):
        remove_vehicle(actor=make_user(), vehicle=car)
    with pytest.raises(ConflictError) as open_bill:
        remove_vehicle(actor=owner, vehicle=car)
    assert open_bill.value.code == "vehicle_has_open_bills"
    car.refresh_from_db()
    assert car.active

    type(bill).objects.filter(pk=bill.pk).update(status=BillStatus.VOID)
    assert remove_vehicle(actor=owner, vehicle=car).active is False


@pytest.mark.django_db
def test_the_vehicle_page_adds_and_removes_vehicles(client: Client, tariffs: None) -> None:
    owner = make_user()
    client.force_login(owner)
    added = client.post(
        "/bills/vehicles/add/",
        {
            "plate_two": "۴۴",
            "plate_letter": "ج",
            "plate_three": "۱۲۳",
            "plate_region": "۶۷",
            "vehicle_class": "passenger",
            "model_year": "۱۴۰۱",
            "title": "پراید",
        },
    )
    car = Vehicle.objects.get(owner=owner)
    listed = client.get("/bills/duties/vehicles/").content.decode()
    removed = client.post(f"/bills/vehicles/{car.pk}/remove/")
    car.refresh_from_db()

    assert added.status_code == removed.status_code == 302
    assert car.plate == "44ج123-67"
    assert not car.active
    assert "پلاک ۴۴ ج ۱۲۳ ایران ۶۷" in listed


@pytest.mark.django_db
def test_a_refused_vehicle_shows_the_reason_and_changes_nothing(
    client: Client, tariffs: None
) -> None:
    owner = make_user()
    theirs = a_vehicle(make_user())
    client.force_login(owner)
    response = client.post(
        "/bills/vehicles/add/",
        {
            "plate_two": "12",
            "plate_letter": "ب",
            "plate_three": "345",
            "plate_region": "13",
            "vehicle_class": "passenger",
            "model_year": "1398",
        },
    )

    assert response.status_code == 200
    assert "خودرویی با این پلاک پیش‌تر ثبت شده است." in response.content.decode()
    assert client.post(f"/bills/vehicles/{theirs.pk}/remove/").status_code == 404
    assert list(Vehicle.objects.values_list("owner", "active")) == [(theirs.owner_id, True)]
