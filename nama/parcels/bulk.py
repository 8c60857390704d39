"""Plain multi-row INSERT/UPDATE (``executemany``) for the registry's big writes.

Table and column names come from the models (never from input); S608 is silenced for that.

The ORM's ``bulk_create`` spends most of its time compiling SQL (measured ~5× slower for the
synthetic city); here values must already be database-ready: JSON as text, decimals as text or
``Decimal``, datetimes through ``adapt_datetimefield_value``. Runs in the caller's transaction.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from typing import Any, Final

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from nama.parcels.models import Parcel

BATCH: Final = 5000


def now_value() -> Any:
    """The current time as the database takes it in raw SQL."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(str(getattr(model._meta.get_field(name), "column", name))) for name in fields]


def insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT ``rows`` (tuples in ``fields`` order) into ``model``'s table."""
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(fields))
    columns = ", ".join(_columns(model, fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in itertools.batched(rows, BATCH):
            cursor.executemany(sql, chunk)


def update(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE by primary key; each row is the ``fields`` values followed by the pk."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    pk = connection.ops.quote_name(str(getattr(model._meta.pk, "column", "id")))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in itertools.batched(rows, BATCH):
            cursor.executemany(sql, chunk)


PARCEL_FIELDS: Final = (
    "renewal_code", "code_district", "code_region", "code_block", "code_parcel",
    "code_building", "code_apartment", "code_shop", "status", "district", "zone",
    "plate_raw", "plate_main", "plate_sub", "plate_section", "address", "postal_code",
    "deed_area", "geometric_area", "geometry", "min_x", "min_y", "max_x", "max_y",
    "source", "created_at", "updated_at",
)  # fmt: skip


def parcel_values(parcel: Parcel, now: Any) -> tuple[Any, ...]:
    """``PARCEL_FIELDS`` values of an unsaved or changed parcel (created/updated = ``now``)."""
    geometry = parcel.geometry
    return (
        parcel.renewal_code, parcel.code_district, parcel.code_region, parcel.code_block,
        parcel.code_parcel, parcel.code_building, parcel.code_apartment, parcel.code_shop,
        parcel.status, parcel.district_id, parcel.zone_id, parcel.plate_raw,
        json.dumps(parcel.plate_main), json.dumps(parcel.plate_sub), parcel.plate_section,
        parcel.address, parcel.postal_code,
        str(parcel.deed_area) if parcel.deed_area is not None else None,
        parcel.geometric_area, bytes(geometry) if geometry is not None else None,
        parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y, parcel.source, now, now,
    )  # fmt: skip
