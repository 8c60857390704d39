"""Owners and shares (دانگ), buildings and units, and snapshots of a property's figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.identifiers import validate_legal_id, validate_national_id
from nama.core.text import normalize_digits, normalize_persian
from nama.parcels.constants import (
    WHOLE_DANG,
    LandUse,
    OwnerKind,
    ParcelStatus,
    RegistryEventKind,
    SnapshotKind,
)
from nama.parcels.models import Building, Owner, Ownership, Parcel, PropertySnapshot, Unit
from nama.parcels.services import common


@dataclass(frozen=True, slots=True)
class ShareData:
    """One owner's share: a natural person by national ID or a legal person by legal ID."""

    dang: Decimal | str | int
    national_id: str = ""
    legal_id: str = ""
    first_name: str = ""
    last_name: str = ""
    legal_name: str = ""


def dang(value: Decimal | str | int) -> Decimal:
    """A share in دانگ: more than 0, at most 6, at most four decimals (any digit script)."""
    try:
        share = Decimal(normalize_digits(str(value)).replace("٫", ".").strip())
    except InvalidOperation as error:
        raise ValidationError("سهم (دانگ) عدد نیست.", code="dang_invalid") from error
    if not share.is_finite() or not 0 < share <= WHOLE_DANG or share != round(share, 4):
        raise ValidationError(
            "سهم هر مالک باید بیش از صفر و حداکثر ۶ دانگ باشد.", code="dang_invalid"
        )
    return share


def _owner_key(share: ShareData) -> tuple[OwnerKind, str]:
    if bool(share.national_id.strip()) == bool(share.legal_id.strip()):
        raise ValidationError(
            "هر مالک یا کد ملی (شخص حقیقی) دارد یا شناسه ملی (شخص حقوقی).", code="owner_identity"
        )
    if share.national_id.strip():
        return OwnerKind.NATURAL, validate_national_id(share.national_id)
    return OwnerKind.LEGAL, validate_legal_id(share.legal_id)


def owner_for(share: ShareData) -> Owner:
    """The registry's owner with this ID, created (or its names filled in) as needed."""
    kind, key = _owner_key(share)
    field = "national_id" if kind == OwnerKind.NATURAL else "legal_id"
    names = {
        "first_name": normalize_persian(share.first_name)[:100],
        "last_name": normalize_persian(share.last_name)[:100],
        "legal_name": normalize_persian(share.legal_name)[:200],
    }
    owner, created = Owner.objects.get_or_create(**{field: key}, defaults={"kind": kind, **names})
    missing = [name for name, value in names.items() if value and not getattr(owner, name)]
    if not created and missing:
        for name in missing:
            setattr(owner, name, names[name])
        owner.save(update_fields=missing)
    return owner


def set_owners(
    *,
    actor: User | None,
    parcel: Parcel,
    shares: Sequence[ShareData],
    unit: Unit | None = None,
) -> list[Ownership]:
    """Make ``shares`` the active owners of the parcel (or of one of its units).

    Each share is more than 0 and at most 6 دانگ, one per owner, and together at most 6
    (less than 6 leaves a part unregistered). Shares no longer listed are ended, not deleted.
    """
    amounts = [dang(share.dang) for share in shares]
    keys = [_owner_key(share) for share in shares]
    if len(set(keys)) != len(keys):
        raise ValidationError("یک مالک دو بار آمده است.", code="owner_repeated")
    if sum(amounts, Decimal(0)) > WHOLE_DANG:
        raise ValidationError("جمع سهم مالکان از ۶ دانگ بیشتر است.", code="dang_total_exceeded")
    with transaction.atomic():
        locked = Parcel.objects.select_for_update().get(pk=parcel.pk)
        if locked.status != ParcelStatus.ACTIVE:
            raise ValidationError("قطعه منسوخ است.", code="parcel_not_active")
        if unit is not None and unit.building.parcel_id != parcel.pk:
            raise ValidationError("این واحد در این قطعه نیست.", code="unit_not_in_parcel")
        owners = [owner_for(share) for share in shares]
        current = {
            s.owner_id: s
            for s in Ownership.objects.filter(parcel=parcel, unit=unit, ended_at__isnull=True)
        }
        now, kept = timezone.now(), []
        for owner, amount in zip(owners, amounts, strict=True):
            share = current.pop(owner.pk, None)
            if share is not None and share.dang == amount:
                kept.append(share)
                continue
            if share is not None:
                share.ended_at = now
                share.save(update_fields=["ended_at"])
            kept.append(
                Ownership.objects.create(
                    parcel=parcel, unit=unit, owner=owner, dang=amount, started_at=now
                )
            )
        Ownership.objects.filter(pk__in=[s.pk for s in current.values()]).update(ended_at=now)
        common.record(
            RegistryEventKind.OWNERS_SET,
            actor=actor,
            parcel=parcel,
            data={
                "unit": unit.pk if unit else None,
                "owners": [o.pk for o in owners],
                "dang": [str(a) for a in amounts],
            },
        )
    return kept


def _floors(value: Mapping[str, Any] | None) -> dict[str, float]:
    result: dict[str, float] = {}
    for floor, area in (value or {}).items():
        label = normalize_digits(str(floor)).strip()
        try:
            number = float(normalize_digits(str(area)))
            int(label)
        except ValueError as error:
            raise ValidationError(
                "زیربنای هر طبقه باید به شکل «شماره طبقه: مساحت» باشد.", code="floors_invalid"
            ) from error
        if not 0 <= number < 1e7:
            raise ValidationError("زیربنای طبقه نامعتبر است.", code="floors_invalid")
        result[label] = round(number, 2)
    return result


def record_snapshot(
    *,
    actor: User | None,
    parcel: Parcel,
    kind: SnapshotKind,
    as_of: date,
    source: str,
    building: Building | None = None,
    unit: Unit | None = None,
    land_area: Decimal | None = None,
    built_area_by_floor: Mapping[str, Any] | None = None,
    floors: int | None = None,
    units: int | None = None,
    land_use: LandUse | str = "",
    parking_spaces: int | None = None,
    setback_observed: Decimal | None = None,
) -> PropertySnapshot:
    """Record the figures of a property as one source states them (declared, permitted,
    observed on a visit, completed); earlier snapshots stay for comparison."""
    per_floor = _floors(built_area_by_floor)
    if building is not None and building.parcel_id != parcel.pk:
        raise ValidationError("این ساختمان در این قطعه نیست.", code="building_not_in_parcel")
    if unit is not None and unit.building.parcel_id != parcel.pk:
        raise ValidationError("این واحد در این قطعه نیست.", code="unit_not_in_parcel")
    if land_use and land_use not in LandUse.values:
        raise ValidationError("کاربری نامعتبر است.", code="land_use_invalid")
    with transaction.atomic():
        snapshot = PropertySnapshot.objects.create(
            parcel=parcel,
            building=building,
            unit=unit,
            kind=SnapshotKind(kind),
            as_of=as_of,
            source=source[:120],
            land_area=land_area,
            built_area_by_floor=per_floor,
            total_built_area=(
                round(Decimal(repr(sum(per_floor.values()))), 2) if per_floor else None
            ),
            floors=floors,
            units=units,
            land_use=land_use,
            parking_spaces=parking_spaces,
            setback_observed=setback_observed,
            recorded_by=actor,
        )
        common.record(
            RegistryEventKind.SNAPSHOT_RECORDED,
            actor=actor,
            parcel=parcel,
            data={"snapshot": snapshot.pk, "kind": snapshot.kind},
        )
    return snapshot
