"""Writing parcels: create or update by renewal code, re-code, split (تفکیک), merge (تجمیع).

Every function takes ``actor=`` (None: a command or the shell), runs in one transaction, keeps
the spatial index and the stored setbacks in step, and writes a ``RegistryEvent``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from nama.accounts.models import User
from nama.core.identifiers import RegistryPlate, RenewalCode
from nama.districts.selectors import active_districts
from nama.parcels.constants import STORAGE_EPSG, CodeChange, ParcelStatus, RegistryEventKind
from nama.parcels.geometry import load
from nama.parcels.models import Ownership, Parcel, ParcelCode, ParcelLineage, Zone
from nama.parcels.services import common


@dataclass(frozen=True, slots=True)
class ParcelData:
    """A parcel as given by a person or a file (text fields in any digit script)."""

    renewal_code: str
    geometry: BaseGeometry | None = None
    crs: int | str = STORAGE_EPSG
    plate: str = ""
    address: str = ""
    postal_code: str = ""
    deed_area: Decimal | str | float | None = None
    zone_code: str = ""
    source: str = "manual"


@dataclass(frozen=True, slots=True)
class CleanParcel:
    """``ParcelData`` validated and normalised, ready to write."""

    code: RenewalCode
    district_id: int
    zone_id: int | None
    plate: RegistryPlate | None
    address: str
    postal_code: str
    deed_area: Decimal | None
    shape: Any
    repaired: bool
    source: str


@dataclass(frozen=True, slots=True)
class CleanContext:
    """Reference data for validating many parcels without a query per row."""

    zones: dict[str, int]
    districts: dict[int, int]

    @classmethod
    def load(cls) -> CleanContext:
        return cls(
            zones=dict(Zone.objects.values_list("code", "pk")),
            districts={d.number: d.pk for d in active_districts() if d.number is not None},
        )


def clean(
    data: ParcelData,
    *,
    context: CleanContext | None = None,
    shape: tuple[Any, bool] | None = None,
) -> CleanParcel:
    """Validate ``data``; raises ``ValidationError`` (Persian message, stable code).

    ``shape`` is an already cleaned (shape, repaired) pair in the storage CRS (the importer
    cleans a batch at once); otherwise ``data.geometry`` is reprojected and cleaned here.
    """
    context = context or CleanContext.load()
    code = common.parcel_code(data.renewal_code)
    district_id = context.districts.get(code.district)
    if district_id is None:
        raise ValidationError(
            f"منطقه {code.district} در کد نوسازی وجود ندارد.", code="district_unknown"
        )
    zone_id = None
    if data.zone_code.strip():
        zone_id = context.zones.get(data.zone_code.strip())
        if zone_id is None:
            raise ValidationError(f"پهنه «{data.zone_code}» تعریف نشده است.", code="zone_unknown")
    geometry, repaired = shape if shape is not None else common.shape(data.geometry, data.crs)
    return CleanParcel(
        code=code,
        district_id=district_id,
        zone_id=zone_id,
        plate=common.plate(data.plate),
        address=common.address(data.address),
        postal_code=common.postal_code(data.postal_code),
        deed_area=common.deed_area(data.deed_area),
        shape=geometry,
        repaired=repaired,
        source=data.source[:30],
    )


def apply(parcel: Parcel, data: CleanParcel) -> list[str]:
    """Copy ``data`` onto ``parcel``; returns the names of the fields that changed."""
    before = {name: getattr(parcel, name) for name in _FIELDS}
    parcel.set_code(data.code)
    parcel.district_id = data.district_id
    parcel.zone_id = data.zone_id
    parcel.plate_raw = data.plate.raw if data.plate else ""
    parcel.plate_main = list(data.plate.main) if data.plate else []
    parcel.plate_sub = list(data.plate.sub) if data.plate else []
    parcel.plate_section = data.plate.section if data.plate else None
    parcel.address = data.address
    parcel.postal_code = data.postal_code
    parcel.deed_area = data.deed_area
    common.set_shape(parcel, data.shape)
    if data.source:
        parcel.source = data.source
    changed = [name for name in _FIELDS if _differs(before[name], getattr(parcel, name))]
    if changed:
        parcel.updated_at = timezone.now()
    return changed


_FIELDS = (
    "district_id",
    "zone_id",
    "plate_raw",
    "plate_main",
    "plate_sub",
    "plate_section",
    "address",
    "postal_code",
    "deed_area",
    "geometry",
    "min_x",
    "min_y",
    "max_x",
    "max_y",
    "geometric_area",
    "source",
)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, memoryview):
        old = bytes(old)
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.compare(new) != 0
    return bool(old != new)


def save_parcel(*, actor: User | None, data: ParcelData) -> tuple[Parcel, bool]:
    """Create the parcel named by ``data.renewal_code`` or update it (an upsert).

    Returns (parcel, created). A code held by a retired parcel (split or merged) is refused.
    """
    cleaned = clean(data)
    with transaction.atomic():
        parcel = Parcel.objects.select_for_update().filter(renewal_code=str(cleaned.code)).first()
        created = parcel is None
        if parcel is None:
            parcel = Parcel()
        elif parcel.status != ParcelStatus.ACTIVE:
            raise ValidationError(
                "این کد نوسازی متعلق به قطعه‌ای منسوخ (تفکیک یا تجمیع‌شده) است.",
                code="renewal_code_retired",
            )
        changed = apply(parcel, cleaned)
        if not created and not changed:
            return parcel, False
        parcel.save()
        if created:
            ParcelCode.objects.create(
                parcel=parcel, renewal_code=parcel.renewal_code, started_by=CodeChange.CREATED
            )
        common.sync_index([parcel])
        common.refresh_setbacks([parcel])
        common.record(
            RegistryEventKind.PARCEL_SAVED,
            actor=actor,
            parcel=parcel,
            data={"created": created, "changed": changed, "repaired": cleaned.repaired},
        )
    return parcel, created


def _locked_active(parcel_ids: Sequence[int]) -> list[Parcel]:
    parcels = list(Parcel.objects.select_for_update().filter(pk__in=parcel_ids).order_by("pk"))
    if len(parcels) != len(set(parcel_ids)) or any(
        p.status != ParcelStatus.ACTIVE for p in parcels
    ):
        raise ValidationError("قطعه منسوخ است یا پیدا نشد.", code="parcel_not_active")
    return parcels


def _free_code(code: RenewalCode) -> None:
    if Parcel.objects.filter(renewal_code=str(code)).exists():
        raise ValidationError(
            f"کد نوسازی {code} پیش‌تر به قطعه دیگری داده شده است.", code="renewal_code_taken"
        )


def _retire(parcel: Parcel, reason: CodeChange, now: Any, operation: uuid.UUID) -> None:
    parcel.status = ParcelStatus.RETIRED
    parcel.retired_at = parcel.updated_at = now
    parcel.save(update_fields=["status", "retired_at", "updated_at"])
    ParcelCode.objects.filter(parcel=parcel, valid_until__isnull=True).update(
        valid_until=now, ended_by=reason, operation=operation
    )


def recode_parcel(*, actor: User | None, parcel: Parcel, renewal_code: str) -> Parcel:
    """Give an active parcel a new renewal code; the old one stays in its code history."""
    code = common.parcel_code(renewal_code)
    district = common.district_of(code)
    with transaction.atomic():
        (parcel,) = _locked_active([parcel.pk])
        if str(code) == parcel.renewal_code:
            return parcel
        _free_code(code)
        now, old = timezone.now(), parcel.renewal_code
        ParcelCode.objects.filter(parcel=parcel, valid_until__isnull=True).update(
            valid_until=now, ended_by=CodeChange.RECODED
        )
        ParcelCode.objects.create(
            parcel=parcel,
            renewal_code=str(code),
            valid_from=now,
            started_by=CodeChange.RECODED,
        )
        parcel.set_code(code)
        parcel.district = district
        parcel.updated_at = now
        parcel.save()
        common.record(
            RegistryEventKind.PARCEL_RECODED,
            actor=actor,
            parcel=parcel,
            data={"from": old, "to": str(code)},
        )
    return parcel


def split_parcel(
    *, actor: User | None, parcel: Parcel, parts: Sequence[ParcelData], copy_owners: bool = True
) -> list[Parcel]:
    """Split a parcel into new parcels with new codes (تفکیک عرصه); the parcel is retired.

    Parts inherit its zone unless they name one; with ``copy_owners`` its owners hold the same
    shares in every part. Part shapes must lie within the parcel and not overlap each other.
    """
    if len(parts) < 2:
        raise ValidationError("تفکیک دست‌کم دو قطعه می‌سازد.", code="split_parts")
    cleaned = [clean(part) for part in parts]
    codes = {str(c.code) for c in cleaned}
    if len(codes) != len(cleaned):
        raise ValidationError("کدهای نوسازی قطعات تکراری است.", code="split_codes")
    with transaction.atomic():
        (parent,) = _locked_active([parcel.pk])
        for item in cleaned:
            _free_code(item.code)
        _check_within(load(parent.geometry), [c.shape for c in cleaned])
        now, operation = timezone.now(), uuid.uuid4()
        _retire(parent, CodeChange.SPLIT, now, operation)
        made = [
            _successor(parent.zone_id, item, now, operation, CodeChange.SPLIT) for item in cleaned
        ]
        ParcelLineage.objects.bulk_create(
            ParcelLineage(
                kind=CodeChange.SPLIT, predecessor=parent, successor=child, operation=operation
            )
            for child in made
        )
        if copy_owners:
            for child in made:
                _copy_shares([parent], child)
        common.sync_index([parent, *made])
        common.refresh_setbacks([parent, *made])
        common.record(
            RegistryEventKind.PARCEL_SPLIT,
            actor=actor,
            parcel=parent,
            data={"into": sorted(codes), "operation": str(operation)},
        )
    return made


def merge_parcels(*, actor: User | None, parcels: Sequence[Parcel], data: ParcelData) -> Parcel:
    """Merge parcels into one with a new code (تجمیع پلاک); they are retired.

    Without a shape in ``data`` the merged shape is the union of theirs; without a deed area,
    the sum of theirs. Owners carry over only when every parcel has the same owners and shares.
    """
    if len({p.pk for p in parcels}) < 2:
        raise ValidationError("تجمیع دست‌کم دو قطعه می‌خواهد.", code="merge_parts")
    with transaction.atomic():
        locked = _locked_active([p.pk for p in parcels])
        if len({p.district_id for p in locked}) != 1:
            raise ValidationError(
                "قطعه‌های یک تجمیع باید در یک منطقه باشند.", code="merge_districts"
            )
        item = clean(_merged_data(locked, data))
        _free_code(item.code)
        now, operation = timezone.now(), uuid.uuid4()
        for old in locked:
            _retire(old, CodeChange.MERGED, now, operation)
        merged = _successor(locked[0].zone_id, item, now, operation, CodeChange.MERGED)
        ParcelLineage.objects.bulk_create(
            ParcelLineage(
                kind=CodeChange.MERGED, predecessor=old, successor=merged, operation=operation
            )
            for old in locked
        )
        if _same_owners(locked):
            _copy_shares(locked[:1], merged)
        common.sync_index([*locked, merged])
        common.refresh_setbacks([*locked, merged])
        common.record(
            RegistryEventKind.PARCELS_MERGED,
            actor=actor,
            parcel=merged,
            data={"from": [p.renewal_code for p in locked], "operation": str(operation)},
        )
    return merged


def _merged_data(parcels: list[Parcel], data: ParcelData) -> ParcelData:
    geometry, crs = data.geometry, data.crs
    shapes = [load(p.geometry) for p in parcels]
    if geometry is None and all(s is not None for s in shapes):
        geometry, crs = shapely.union_all(shapes), STORAGE_EPSG
    deed = data.deed_area
    if deed is None and all(p.deed_area is not None for p in parcels):
        deed = sum((p.deed_area for p in parcels if p.deed_area is not None), Decimal(0))
    return ParcelData(
        renewal_code=data.renewal_code,
        geometry=geometry,
        crs=crs,
        plate=data.plate,
        address=data.address or parcels[0].address,
        postal_code=data.postal_code,
        deed_area=deed,
        zone_code=data.zone_code,
        source=data.source,
    )


def _successor(
    zone_id: int | None, item: CleanParcel, now: Any, operation: uuid.UUID, how: CodeChange
) -> Parcel:
    child = Parcel(created_at=now)
    apply(child, item)
    child.zone_id = item.zone_id or zone_id
    child.save()
    ParcelCode.objects.create(
        parcel=child,
        renewal_code=child.renewal_code,
        valid_from=now,
        started_by=how,
        operation=operation,
    )
    return child


def _check_within(parent: Any, shapes: list[Any]) -> None:
    """Parts lie within the parent and do not overlap (0.5 % slack for survey noise)."""
    given = [s for s in shapes if s is not None]
    if parent is None or not given:
        return
    slack = 0.005 * parent.area
    outside = sum(s.difference(parent).area for s in given)
    overlap = sum(s.area for s in given) - shapely.union_all(given).area
    if outside > slack or overlap > slack:
        raise ValidationError(
            "قطعات تفکیکی باید درون قطعه اصلی باشند و روی هم نیفتند.", code="split_geometry"
        )


def _active_shares(parcel: Parcel) -> list[Ownership]:
    return list(Ownership.objects.filter(parcel=parcel, unit__isnull=True, ended_at__isnull=True))


def _copy_shares(sources: list[Parcel], target: Parcel) -> None:
    Ownership.objects.bulk_create(
        Ownership(parcel=target, owner_id=share.owner_id, dang=share.dang)
        for share in _active_shares(sources[0])
    )


def _same_owners(parcels: list[Parcel]) -> bool:
    sets = [
        {(share.owner_id, share.dang) for share in _active_shares(parcel)} for parcel in parcels
    ]
    return bool(sets[0]) and all(s == sets[0] for s in sets[1:])
