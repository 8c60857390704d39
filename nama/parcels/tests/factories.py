"""Builders for the registry's tests: parcels through the services, plans with street lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from nama.parcels.constants import StreetKind
from nama.parcels.models import Parcel, PlanVersion, StreetLine
from nama.parcels.selectors import storage_centre
from nama.parcels.services.plans import (
    StreetLineData,
    approve_plan_version,
    create_plan_version,
    save_street_line,
)
from nama.parcels.services.registry import ParcelData, save_parcel


def at_centre(geometry: BaseGeometry) -> Any:
    """``geometry`` (drawn around 0,0 in metres) moved to the city centre, EPSG:32639."""
    x, y = storage_centre()
    return shapely.affinity.translate(geometry, x, y)


def make_parcel(code: str, geometry: BaseGeometry | None = None, **fields: Any) -> Parcel:
    """A parcel saved by the service; ``geometry`` in local metres around the centre."""
    shape = at_centre(geometry) if geometry is not None else None
    parcel, _ = save_parcel(
        actor=None, data=ParcelData(renewal_code=code, geometry=shape, **fields)
    )
    return parcel


def make_plan(code: str = "plan-1", *, approve: bool = True) -> PlanVersion:
    plan = create_plan_version(actor=None, code=code, title=f"طرح {code}")
    if approve:
        approve_plan_version(actor=None, plan=plan, approved_on=date(2024, 3, 20))
    return plan


def make_street_line(
    plan: PlanVersion,
    external_id: str,
    *,
    centre: BaseGeometry | None = None,
    width: float | None = None,
    right_of_way: BaseGeometry | None = None,
    kind: StreetKind = StreetKind.ARTERIAL,
) -> StreetLine:
    line, _ = save_street_line(
        actor=None,
        plan=plan,
        data=StreetLineData(
            external_id=external_id,
            name=f"خیابان {external_id}",
            kind=kind,
            centre_line=at_centre(centre) if centre is not None else None,
            planned_width=Decimal(str(width)) if width is not None else None,
            right_of_way=at_centre(right_of_way) if right_of_way is not None else None,
        ),
    )
    return line
