"""Where a service is offered: the file's rollout by default, administrators' rows kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from nama.catalog.constants import AvailabilitySource
from nama.catalog.files import SyncReport, sync_catalog
from nama.catalog.models import Service, ServiceAvailability
from nama.catalog.selectors import districts_where_available, is_available_in
from nama.catalog.services import save_availability
from nama.catalog.tests.conftest import Edit
from nama.core.jalali import tehran_today
from nama.districts.models import District

pytestmark = pytest.mark.django_db

PILOTS = [6, 7, 8, 12]
CITY_WIDE = {"A1", "A4", "B5", "G32", "G33", "G34"}


def _numbers(service: Service) -> list[int | None]:
    return [district.number for district in districts_where_available(service)]


def _service(code: str) -> Service:
    return Service.objects.get(code=code)


def _district(number: int) -> District:
    return District.objects.get(number=number)


def test_services_start_in_the_pilot_districts(catalog: SyncReport) -> None:
    everywhere = [*range(1, 16), None]  # the 15 districts, then Nazhvan
    for service in Service.objects.all():
        expected = everywhere if service.code in CITY_WIDE else PILOTS
        assert _numbers(service) == expected, service.code
    assert is_available_in(_service("D15"), _district(7))
    assert not is_available_in(_service("D15"), _district(1))
    assert is_available_in(_service("G34"), _district(1))


def test_an_administrators_changes_survive_a_sync(catalog: SyncReport) -> None:
    d15 = _service("D15")
    stopped = ServiceAvailability.objects.get(service=d15, district=_district(7))
    stopped.is_enabled = False
    save_availability(row=stopped, actor=None)
    save_availability(row=ServiceAvailability(service=d15, district=_district(3)), actor=None)

    report = sync_catalog(actor=None)

    assert report.availability == []
    assert _numbers(d15) == [3, 6, 8, 12]
    stopped.refresh_from_db()
    assert (stopped.is_enabled, stopped.source) == (False, AvailabilitySource.ADMIN)


def test_a_new_pilot_district_gets_the_pilot_services(catalog: SyncReport) -> None:
    District.objects.filter(number=5).update(is_pilot=True)

    report = sync_catalog(actor=None)

    assert "D15 districts: +d5" in report.availability
    assert _numbers(_service("D15")) == [5, *PILOTS]
    assert len(report.availability) == 34 - len(CITY_WIDE)

    District.objects.filter(number=5).update(is_pilot=False)
    assert "D15 districts: -d5" in sync_catalog(actor=None).availability


def test_a_changed_rollout_keeps_the_administrators_rows(
    catalog: SyncReport, service_dir: Path, edit_service: Edit
) -> None:
    d15 = _service("D15")
    save_availability(row=ServiceAvailability(service=d15, district=_district(3)), actor=None)
    edit_service("D15", lambda data: data.update(rollout=["d7", "nazhvan"]))

    report = sync_catalog(actor=None, directory=service_dir)

    assert "D15 districts: +nazhvan -d6 -d8 -d12" in report.availability
    assert _numbers(d15) == [3, 7, None]


def test_a_later_start_date_is_respected(catalog: SyncReport) -> None:
    d15, district = _service("D15"), _district(9)
    start = tehran_today() + timedelta(days=10)
    row = ServiceAvailability(service=d15, district=district, enabled_from=start)
    save_availability(row=row, actor=None)

    assert not is_available_in(d15, district)
    assert is_available_in(d15, district, on=start)
    assert 9 not in _numbers(d15)
    assert [d.number for d in districts_where_available(d15, on=start)] == [*PILOTS[:3], 9, 12]


def test_nothing_is_offered_by_an_inactive_service_or_district(catalog: SyncReport) -> None:
    d15 = _service("D15")
    Service.objects.filter(pk=d15.pk).update(is_active=False)
    District.objects.filter(number=6).update(is_active=False)

    assert not is_available_in(Service.objects.get(pk=d15.pk), _district(7))
    assert not is_available_in(_service("G32"), _district(6))
    assert 6 not in _numbers(_service("G32"))
