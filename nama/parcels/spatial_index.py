"""The bounding-box index of parcels, per database (ADR 0007).

* SQLite: an R*Tree virtual table ``parcels_parcel_rtree(id, min_x, max_x, min_y, max_y)``
  beside ``parcels_parcel``. Django does not know it, so ``services`` write it in the same
  transaction as the parcel rows (``write``/``remove``; no signals) and ``rebuild`` restores
  it from the bbox columns. R*Tree stores 32-bit floats rounded outwards, so it may return a
  few extra candidates, never miss one; the query also checks the exact bbox columns.
* PostgreSQL: a GiST index on the expression ``box(point(min_x, min_y), point(max_x, max_y))``
  (built-in geometric types, no extension); PostgreSQL maintains it with the row.
* Other databases: plain comparisons on the bbox columns.

Table names in the SQL are the constants below, never input (hence the S608 waivers).

``intersecting(box)`` is the one query form: ``Parcel.objects.filter(intersecting(box))``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

from nama.parcels.geometry import Box

RTREE_TABLE: Final = "parcels_parcel_rtree"
GIST_INDEX: Final = "parcels_parcel_box_gist"
PARCEL_TABLE: Final = "parcels_parcel"
IndexRow = tuple[int, float, float, float, float]  # id, min_x, min_y, max_x, max_y

_BOX_COLUMNS = ("pk", "min_x", "min_y", "max_x", "max_y")


def create(connection: BaseDatabaseWrapper) -> None:
    """Create the index for ``connection``'s database (used by the migration)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {RTREE_TABLE} "
                "USING rtree(id, min_x, max_x, min_y, max_y)"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIST_INDEX} ON {PARCEL_TABLE} "
                "USING gist (box(point(min_x, min_y), point(max_x, max_y)))"
            )


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TABLE IF EXISTS {RTREE_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {GIST_INDEX}")


def write(rows: Iterable[IndexRow], *, using: str = "default") -> None:
    """Insert or replace index entries; call inside the transaction that wrote the parcels."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    # The R*Tree's column order is min_x, max_x, min_y, max_y.
    ordered = [(pk, x0, x1, y0, y1) for pk, x0, y0, x1, y1 in rows]
    if ordered:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {RTREE_TABLE} (id, min_x, max_x, min_y, max_y) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
                ordered,
            )


def remove(ids: Iterable[int], *, using: str = "default") -> None:
    """Remove index entries (parcels retired or without geometry)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    params = [(pk,) for pk in ids]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {RTREE_TABLE} WHERE id = %s", params)  # noqa: S608


def rebuild(*, using: str = "default") -> int:
    """Rebuild the index from the bbox columns of active parcels; returns the entries."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {RTREE_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {RTREE_TABLE} (id, min_x, max_x, min_y, max_y) "  # noqa: S608
            f"SELECT id, min_x, max_x, min_y, max_y FROM {PARCEL_TABLE} "
            "WHERE status = 'active' AND geometry IS NOT NULL"
        )
        count: int = cursor.rowcount
    return count


def entries(*, using: str = "default") -> dict[int, Box] | None:
    """The R*Tree's content (for consistency checks); None where there is no R*Tree."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, min_x, min_y, max_x, max_y FROM {RTREE_TABLE}")  # noqa: S608
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in cursor.fetchall()}


def intersecting(box: Box, *, using: str = "default") -> Q:
    """The filter for parcels whose bounding box meets ``box`` (closed: touching counts).

    On SQLite a plain ``id IN (SELECT id FROM <R*Tree> …)`` so that the planner looks the
    candidates up by rowid (a boolean expression would be compared ``= 1`` and scanned).
    """
    x0, y0, x1, y1 = (float(v) for v in box)
    columns = Q(max_x__gte=x0, min_x__lte=x1, max_y__gte=y0, min_y__lte=y1)
    vendor = connections[using].vendor
    if vendor == "sqlite":
        candidates = RawSQL(  # noqa: S611 - constant SQL, values as parameters
            f"SELECT id FROM {RTREE_TABLE} "  # noqa: S608
            "WHERE max_x >= %s AND min_x <= %s AND max_y >= %s AND min_y <= %s",
            (x0, x1, y0, y1),
        )
        return Q(pk__in=candidates) & columns
    if vendor == "postgresql":
        return Q(BoxIntersects((x0, y0, x1, y1)))
    return columns


class BoxIntersects(Expression):
    """True for rows whose bounding box meets ``box``: on PostgreSQL the GiST-indexed
    ``box && box``, elsewhere column comparisons. Prefer ``intersecting(box)``."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, box: Box) -> None:
        super().__init__()
        self.box = tuple(float(v) for v in box)
        self.columns: list[Any] = [F(name) for name in _BOX_COLUMNS]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Any) -> None:
        self.columns = list(exprs)

    def _compiled(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> list[str]:
        compiled = []
        for column in self.columns:
            sql, _params = compiler.compile(column)
            compiled.append(sql)
        return compiled

    def _columns_sql(self, columns: list[str]) -> tuple[str, list[float]]:
        _pk, min_x, min_y, max_x, max_y = columns
        x0, y0, x1, y1 = self.box
        sql = f"({max_x} >= %s AND {min_x} <= %s AND {max_y} >= %s AND {min_y} <= %s)"
        return sql, [x0, x1, y0, y1]

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[float]]:
        return self._columns_sql(self._compiled(compiler, connection))

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[float]]:
        _pk, min_x, min_y, max_x, max_y = self._compiled(compiler, connection)
        sql = (
            f"box(point({min_x}, {min_y}), point({max_x}, {max_y})) "
            "&& box(point(%s, %s), point(%s, %s))"
        )
        return sql, list(self.box)
