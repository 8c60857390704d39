"""Writing the synthetic city: zones, districts' boundaries, streets, an approved widening plan,
parcels with plates, addresses and postal codes, buildings, units, owners and their shares,
then the spatial index and the stored setbacks. Deterministic for a seed; bulk inserts in
batches. Every row is marked ``source = "synthetic"`` (plan: ``synthetic-<seed>``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

import shapely
from django.db import transaction
from django.db.models import Model

from nama.core.identifiers import legal_id_check_digit, national_id_check_digit
from nama.districts.models import District
from nama.districts.selectors import active_districts
from nama.parcels import bulk, spatial_index
from nama.parcels.constants import (
    CodeChange,
    LandUse,
    OwnerKind,
    PlanStatus,
    RegistryEventKind,
    Structure,
    UnitKind,
)
from nama.parcels.generator.layout import CityLayout, build_layout
from nama.parcels.generator.names import COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES
from nama.parcels.geometry import bounds, dump, dump_many
from nama.parcels.models import (
    Building,
    DistrictBoundary,
    Owner,
    Ownership,
    Parcel,
    ParcelCode,
    PlanVersion,
    RegistryEvent,
    Street,
    StreetLine,
    Unit,
    Zone,
)
from nama.parcels.setbacks import recompute_plan

SOURCE: Final = "synthetic"
BATCH: Final = 5000
# Zones of the synthetic detailed plan: code, name, land use, density %, coverage %, floors.
ZONES: Final = (
    ("R121", "مسکونی تراکم کم", LandUse.RESIDENTIAL, 120, 60, 3),
    ("R122", "مسکونی تراکم متوسط", LandUse.RESIDENTIAL, 180, 60, 4),
    ("R123", "مسکونی تراکم زیاد", LandUse.RESIDENTIAL, 240, 60, 5),
    ("M211", "مختلط مسکونی-تجاری حاشیه معابر اصلی", LandUse.MIXED, 300, 60, 6),
    ("C311", "تجاری محلی", LandUse.COMMERCIAL, 200, 70, 3),
    ("H111", "بافت تاریخی", LandUse.HERITAGE, 100, 60, 2),
    ("E511", "آموزشی", LandUse.EDUCATIONAL, 100, 50, 3),
    ("G611", "فضای سبز", LandUse.GREEN, 5, 5, 1),
)
# Registration sections (بخش ثبتی) by district: plausible numbers, not the real map.
SECTIONS: Final = {n: (5, 14, 15, 16, 17)[n % 5] for n in range(1, 16)}
DEMO_RESERVED_IDS: Final = frozenset({"0499370899", "0012345679"})


@dataclass(frozen=True, slots=True)
class GenerateSummary:
    parcels: int
    buildings: int
    units: int
    owners: int
    shares: int
    street_lines: int
    affected: int
    seconds: float
    plan_version: str


def synthetic_exists() -> bool:
    return Parcel.objects.filter(source=SOURCE).exists()


def generate_city(*, parcels: int, seed: int) -> GenerateSummary:
    """Generate and store a synthetic city of ``parcels`` parcels (one transaction)."""
    started = time.perf_counter()
    layout = build_layout(parcels, seed)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    with transaction.atomic():
        zones = _zones()
        districts = {d.number: d for d in active_districts() if d.number is not None}
        _boundaries(layout, districts)
        plan = _plan(layout, seed)
        insert = _Inserter()
        parcel_ids = _parcels(layout, rng, districts, zones, insert)
        buildings, units = _buildings(layout, rng, parcel_ids, insert)
        owners, shares = _owners(layout, rng, parcel_ids, insert)
        RegistryEvent.objects.create(
            kind=RegistryEventKind.GENERATED,
            data={"parcels": parcels, "seed": seed, "plan": plan.code},
        )
    summary = recompute_plan(plan)
    return GenerateSummary(
        parcels=len(parcel_ids),
        buildings=buildings,
        units=units,
        owners=owners,
        shares=shares,
        street_lines=len(layout.plan_lines),
        affected=summary.affected,
        seconds=time.perf_counter() - started,
        plan_version=plan.code,
    )


def _zones() -> dict[str, Zone]:
    for code, name, use, density, coverage, floors in ZONES:
        Zone.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "land_use": use,
                "density_percent": density,
                "coverage_percent": coverage,
                "max_floors": floors,
            },
        )
    return {zone.code: zone for zone in Zone.objects.filter(code__in=[z[0] for z in ZONES])}


def _boundaries(layout: CityLayout, districts: dict[int, District]) -> None:
    for number, polygon in layout.districts.items():
        x0, y0, x1, y1 = bounds(polygon)
        DistrictBoundary.objects.update_or_create(
            district=districts[number],
            defaults={
                "geometry": dump(polygon),
                "min_x": x0,
                "min_y": y0,
                "max_x": x1,
                "max_y": y1,
                "source": SOURCE,
            },
        )


def _plan(layout: CityLayout, seed: int) -> PlanVersion:
    approved = PlanVersion.objects.filter(status=PlanStatus.APPROVED).exists()
    plan = PlanVersion.objects.create(
        code=f"synthetic-{seed}",
        title="طرح بر اصلاحی شهر نمونه (ساختگی)",
        status=PlanStatus.DRAFT if approved else PlanStatus.APPROVED,
        approved_on=date(2024, 6, 10),  # 1403/03/21
        approval_reference="نمونه-۱۴۰۳",
    )
    Street.objects.bulk_create(
        [
            Street(
                name=spec.name,
                kind=spec.kind,
                width=Decimal(repr(round(spec.width, 2))),
                external_id=f"synthetic-{seed}-{spec.external_id}",
                geometry=dump(spec.centre),
                **_box(spec.centre),
            )
            for spec in layout.streets
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    polygons = layout.rights_of_way()
    StreetLine.objects.bulk_create(
        [
            StreetLine(
                plan_version=plan,
                external_id=spec.external_id,
                name=spec.name,
                kind=spec.kind,
                centre_line=dump(spec.centre),
                planned_width=Decimal(repr(spec.planned_width)),
                geometry=dump(polygon),
                **_box(polygon),
            )
            for spec, polygon in zip(layout.plan_lines, polygons, strict=True)
        ],
        batch_size=BATCH,
    )
    return plan


def _box(shape: Any) -> dict[str, float]:
    x0, y0, x1, y1 = bounds(shape)
    return {"min_x": x0, "min_y": y0, "max_x": x1, "max_y": y1}


def _zone_of(layout: CityLayout, i: int, rng: random.Random) -> str:
    district = int(layout.district[i])
    if district in {1, 3} and rng.random() < 0.25:
        return "H111"
    if layout.planned_front[i]:
        return "M211" if rng.random() < 0.8 else "C311"
    roll = rng.random()
    if roll < 0.02:
        return "E511"
    if roll < 0.04:
        return "G611"
    return ("R121", "R122", "R123")[district % 3]


def _postal_code(rng: random.Random) -> str:
    """An Isfahan-like postal code (starts with 81) that passes ``validate_postal_code``."""
    return (
        "81"
        + "".join(rng.choice("13456789") for _ in range(2))
        + rng.choice("134679")
        + "".join(rng.choice("013456789") for _ in range(5))
    )


class _Inserter:
    """``bulk.insert`` with one timestamp for the whole city."""

    def __init__(self) -> None:
        self.now = bulk.now_value()

    def __call__(
        self, model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        bulk.insert(model, fields, rows)


def _code_parts(layout: CityLayout, i: int) -> tuple[int, int, int, int]:
    return (
        int(layout.district[i]),
        int(layout.region[i]),
        int(layout.block[i]),
        int(layout.number[i]),
    )


def _parcels(
    layout: CityLayout,
    rng: random.Random,
    districts: dict[int, District],
    zones: dict[str, Zone],
    insert: _Inserter,
) -> list[int]:
    areas = shapely.area(layout.parcels)
    boxes = shapely.bounds(layout.parcels)
    wkb = dump_many(layout.parcels)
    rows, codes = [], []
    for i in range(len(layout)):
        d, r, b, n = _code_parts(layout, i)
        jitter = 1 + rng.gauss(0, 0.03) if rng.random() < 0.2 else 1
        main, section = 100 * d + r * 10 + b % 10 + 1000 * (b // 10), SECTIONS[d]
        code = f"{d}-{r}-{b}-{n}-0-0-0"
        codes.append(code)
        rows.append(
            (
                code,
                d,
                r,
                b,
                n,
                0,
                0,
                0,
                "active",
                districts[d].pk,
                zones[_zone_of(layout, i, rng)].pk,
                f"{main}/{n} بخش {section}",
                f"[{main}]",
                f"[{n}]",
                section,
                f"اصفهان، منطقه {d}، {layout.front_street[i]}، پلاک {n}",
                _postal_code(rng),
                f"{float(areas[i]) * jitter:.2f}",
                round(float(areas[i]), 2),
                wkb[i],
                *(float(v) for v in boxes[i]),
                SOURCE,
                insert.now,
                insert.now,
            )
        )
    insert(Parcel, list(bulk.PARCEL_FIELDS), rows)
    known = dict(Parcel.objects.filter(source=SOURCE).values_list("renewal_code", "pk"))
    ids = [known[code] for code in codes]
    spatial_index.write(
        (pk, float(box[0]), float(box[1]), float(box[2]), float(box[3]))
        for pk, box in zip(ids, boxes, strict=True)
    )
    insert(
        ParcelCode,
        ["parcel", "renewal_code", "valid_from", "started_by", "ended_by"],
        (
            (pk, code, insert.now, CodeChange.CREATED.value, "")
            for pk, code in zip(ids, codes, strict=True)
        ),
    )
    return ids


_CODE_FIELDS: Final = [
    "renewal_code",
    "code_district",
    "code_region",
    "code_block",
    "code_parcel",
    "code_building",
    "code_apartment",
    "code_shop",
]


def _buildings(
    layout: CityLayout, rng: random.Random, parcel_ids: list[int], insert: _Inserter
) -> tuple[int, int]:
    """Most parcels have one building; apartments per floor, shops on planned streets."""
    areas = shapely.area(layout.parcels)
    rows: list[tuple[Any, ...]] = []
    plans: dict[str, dict[str, Any]] = {}
    for i, pk in enumerate(parcel_ids):
        if rng.random() < 0.12:
            continue  # vacant or ruined
        d, r, b, n = _code_parts(layout, i)
        floors = max(1, min(7, int(rng.triangular(1, 6, 3))))
        footprint = float(areas[i]) * 0.6
        code = f"{d}-{r}-{b}-{n}-1-0-0"
        rows.append(
            (
                code,
                d,
                r,
                b,
                n,
                1,
                0,
                0,
                pk,
                floors,
                int(rng.random() < 0.3),
                rng.choice(list(Structure)).value,
                f"{footprint * floors:.2f}",
                rng.randint(1350, 1403),
            )
        )
        plans[code] = {
            "floors": floors,
            "per_floor": 2 if footprint > 220 else 1,
            "shops": bool(layout.planned_front[i]),
        }
    insert(
        Building,
        [
            *_CODE_FIELDS,
            "parcel",
            "floors_above",
            "floors_below",
            "structure",
            "built_area",
            "construction_year",
        ],
        rows,
    )
    made = Building.objects.filter(parcel__source=SOURCE).values_list("pk", "renewal_code")
    units: list[tuple[Any, ...]] = []
    for pk, code in made.order_by("pk").iterator(chunk_size=BATCH):
        if code in plans:
            units += _units(pk, code, **plans[code], rng=rng)
    insert(Unit, [*_CODE_FIELDS, "building", "kind", "floor", "area", "postal_code"], units)
    return len(rows), len(units)


def _units(
    building: int, code: str, *, floors: int, per_floor: int, shops: bool, rng: random.Random
) -> list[tuple[Any, ...]]:
    d, r, b, n = (int(part) for part in code.split("-")[:4])
    units: list[tuple[Any, ...]] = []
    if floors == 1 and not shops:
        return units  # a single house: the building is the unit
    number = 0
    for floor in range(1 if shops else 0, floors):
        for _ in range(per_floor):
            number += 1
            area = f"{rng.uniform(60, 160):.2f}"
            units.append(
                (
                    f"{d}-{r}-{b}-{n}-1-{number}-0",
                    d,
                    r,
                    b,
                    n,
                    1,
                    number,
                    0,
                    building,
                    UnitKind.APARTMENT.value,
                    floor,
                    area,
                    "",
                )
            )
    for shop in range(1, (rng.randint(1, 3) if shops else 0) + 1):
        area = f"{rng.uniform(20, 80):.2f}"
        units.append(
            (
                f"{d}-{r}-{b}-{n}-1-0-{shop}",
                d,
                r,
                b,
                n,
                1,
                0,
                shop,
                building,
                UnitKind.SHOP.value,
                0,
                area,
                "",
            )
        )
    return units


_SPLITS: Final = (
    ("6",),
    ("3", "3"),
    ("2", "4"),
    ("1.5", "4.5"),
    ("2", "2", "2"),
)
_SPLIT_WEIGHTS: Final = (65, 12, 8, 5, 7)


def _national_id(rng: random.Random, used: set[str]) -> str:
    while True:
        first_nine = f"{rng.randrange(10**9):09d}"
        candidate = first_nine + str(national_id_check_digit(first_nine))
        if len(set(candidate)) > 1 and candidate not in used and candidate not in DEMO_RESERVED_IDS:
            used.add(candidate)
            return candidate


def _legal_id(rng: random.Random, used: set[str]) -> str:
    while True:
        first_ten = f"{rng.randrange(10**10):010d}"
        candidate = first_ten + str(legal_id_check_digit(first_ten))
        if candidate not in used:
            used.add(candidate)
            return candidate


def _owners(
    layout: CityLayout, rng: random.Random, parcel_ids: list[int], insert: _Inserter
) -> tuple[int, int]:
    """A pool of natural persons (some own several parcels) and a few companies.

    People already in the registry with a drawn ID are reused, not duplicated."""
    used = {
        str(k)
        for k in Owner.objects.exclude(national_id=None).values_list("national_id", flat=True)
    }
    used |= {
        str(k) for k in Owner.objects.exclude(legal_id=None).values_list("legal_id", flat=True)
    }
    people = [
        (
            OwnerKind.NATURAL.value,
            _national_id(rng, used),
            None,
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES),
            "",
        )
        for _ in range(max(10, int(len(parcel_ids) * 0.75)))
    ]
    companies = [
        (
            OwnerKind.LEGAL.value,
            None,
            _legal_id(rng, used),
            "",
            "",
            f"{rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_WORDS)}",
        )
        for _ in range(max(2, len(parcel_ids) // 100))
    ]
    fields = ["kind", "national_id", "legal_id", "first_name", "last_name", "legal_name"]
    insert(Owner, fields, [*people, *companies])
    person_ids = _owner_ids("national_id", [row[1] for row in people])
    company_ids = _owner_ids("legal_id", [row[2] for row in companies])
    shares: list[tuple[Any, ...]] = []
    for i, pk in enumerate(parcel_ids):
        if layout.planned_front[i] and rng.random() < 0.08:
            shares.append((pk, rng.choice(company_ids), "6", insert.now))
            continue
        split = rng.choices(_SPLITS, weights=_SPLIT_WEIGHTS)[0]
        for owner_id, amount in zip(rng.sample(person_ids, len(split)), split, strict=True):
            shares.append((pk, owner_id, amount, insert.now))
    insert(Ownership, ["parcel", "owner", "dang", "started_at"], shares)
    return len(people) + len(companies), len(shares)


def _owner_ids(field: str, keys: list[str | None]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        ids += Owner.objects.filter(**{f"{field}__in": chunk}).values_list("pk", flat=True)
    return sorted(ids)


def layout_for(parcels: int, seed: int) -> CityLayout:
    """The layout alone (benchmarks use it without a database)."""
    return build_layout(parcels, seed)
