"""The city and its districts come from a data file and stay administrators' data afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from nama.districts.models import CityProfile, District
from nama.districts.selectors import city_profile, pilot_districts
from nama.districts.services import load_city_file, sync_city

pytestmark = pytest.mark.django_db


def test_migrations_load_isfahan_with_its_15_districts_and_nazhvan() -> None:
    profile = city_profile()
    assert (profile.name, profile.crs_epsg) == ("اصفهان", 32639)
    assert (profile.centre_lat, profile.centre_lon) == (32.6558, 51.6696)
    numbered = District.objects.filter(kind=District.Kind.DISTRICT)
    assert sorted(d.number or 0 for d in numbered) == list(range(1, 16))
    assert District.objects.get(code="nazhvan").kind == District.Kind.AREA


def test_the_seed_pilots_are_6_7_8_and_12() -> None:
    assert sorted(d.number for d in pilot_districts() if d.number) == [6, 7, 8, 12]


def test_sync_is_idempotent() -> None:
    before = list(District.objects.values())
    created, updated = sync_city(load_city_file())
    assert (created, updated) == (0, 16)
    assert list(District.objects.values()) == before


def test_sync_keeps_pilot_flags_that_administrators_changed() -> None:
    District.objects.filter(number=9).update(is_pilot=True)
    District.objects.filter(number=7).update(is_pilot=False)
    sync_city(load_city_file())
    assert sorted(d.number for d in pilot_districts() if d.number) == [6, 8, 9, 12]


def test_sync_command_reads_another_city_file(tmp_path: Path) -> None:
    data = load_city_file()
    data["districts"].append({"code": "d16", "number": 16, "name": "منطقه ۱۶"})
    data["pilot_districts"] = [16]
    path = tmp_path / "city.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("sync_city", "--file", str(path))
    assert District.objects.get(number=16).is_pilot


def test_a_numbered_district_must_have_a_number() -> None:
    with pytest.raises(IntegrityError):
        District.objects.create(city=CityProfile.objects.get(), code="x", name="بی‌شماره")
