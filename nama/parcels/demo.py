"""Demo data of the registry: a modest synthetic city (``DEMO_PARCELS`` parcels) and parcels
in District 7 owned by the demo citizens — one on an arterial the widening plan cuts into, one
held in shares by both, one wholly the second citizen's. Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from django.conf import settings

from nama.accounts.demo import CITIZENS, DEMO_DISTRICT
from nama.core.demo import DemoLogin
from nama.parcels.constants import LandUse, ParcelStatus, SnapshotKind, StreetKind
from nama.parcels.generator.store import generate_city, synthetic_exists
from nama.parcels.models import Ownership, Parcel, SetbackResult, StreetLine
from nama.parcels.selectors import current_plan_version
from nama.parcels.services.owners import ShareData, record_snapshot, set_owners

# ~20k parcels load in about 3 s; the test suite runs `nama demo` several times, so less there.
DEMO_PARCELS: Final = 2_000 if settings.TESTING else 20_000
DEMO_SEED: Final = 1404


def demo_parcels() -> list[DemoLogin]:
    if not synthetic_exists():
        generate_city(parcels=DEMO_PARCELS, seed=DEMO_SEED)
    (first_id, _, first, last, _), (second_id, _, first2, last2, _) = CITIZENS[:2]
    if Ownership.objects.filter(owner__national_id=first_id, ended_at__isnull=True).exists():
        return []
    arterial, *others = _demo_parcels()
    maryam = {"national_id": first_id, "first_name": first, "last_name": last}
    reza = {"national_id": second_id, "first_name": first2, "last_name": last2}
    set_owners(actor=None, parcel=arterial, shares=[ShareData(dang=6, **maryam)])
    set_owners(
        actor=None,
        parcel=others[0],
        shares=[ShareData(dang=3, **maryam), ShareData(dang=3, **reza)],
    )
    set_owners(actor=None, parcel=others[1], shares=[ShareData(dang=6, **reza)])
    _snapshots(arterial)
    return []


def _demo_parcels() -> list[Parcel]:
    """In District 7: the first parcel (by id) that an arterial's widening cuts into, then the
    first two that no street line touches."""
    plan = current_plan_version()
    in_district = Parcel.objects.filter(
        district__number=DEMO_DISTRICT, status=ParcelStatus.ACTIVE, source="synthetic"
    ).order_by("pk")
    arterials = set(
        StreetLine.objects.filter(plan_version=plan, kind=StreetKind.ARTERIAL).values_list(
            "pk", flat=True
        )
    )
    results = SetbackResult.objects.filter(
        plan_version=plan, setback_area__gt=0, parcel__in=in_district
    ).order_by("parcel_id")
    arterial = next(r.parcel for r in results.iterator() if arterials & set(r.street_line_ids))
    untouched = in_district.exclude(setbacks__plan_version=plan)[:2]
    return [arterial, *untouched]


def _snapshots(parcel: Parcel) -> None:
    """Declared and observed figures that disagree, for the comparisons later features make."""
    deed = parcel.deed_area or Decimal(200)
    record_snapshot(
        actor=None,
        parcel=parcel,
        kind=SnapshotKind.DECLARED,
        as_of=date(2025, 4, 21),
        source="demo: اظهارنامه مالک",
        land_area=deed,
        built_area_by_floor={"0": 120, "1": 120},
        floors=2,
        units=2,
        land_use=LandUse.RESIDENTIAL,
        parking_spaces=1,
    )
    record_snapshot(
        actor=None,
        parcel=parcel,
        kind=SnapshotKind.OBSERVED,
        as_of=date(2025, 5, 11),
        source="demo: بازدید میدانی",
        land_area=deed,
        built_area_by_floor={"0": 128.5, "1": 131, "2": 95},
        floors=3,
        units=3,
        land_use=LandUse.MIXED,
        parking_spaces=1,
        setback_observed=Decimal("0.00"),
    )
