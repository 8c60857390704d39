"""The import run: read records in batches, validate each row, write each batch in its own
savepoint (falling back to one savepoint per row when the batch fails in the database), report
every rejected row, and record the run (``ImportRun`` + one ``RegistryEvent``).

Parcels are upserted by renewal code; street lines by (plan version, external id). A row that is
rejected changes nothing; the rows around it are applied.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.parcels import bulk
from nama.parcels.constants import (
    STORAGE_EPSG,
    CodeChange,
    ImportKind,
    ParcelStatus,
    RegistryEventKind,
)
from nama.parcels.geometry import clean_polygons, reproject
from nama.parcels.importers.readers import Record, Source, open_source
from nama.parcels.importers.report import ImportReport
from nama.parcels.models import ImportRun, Parcel, ParcelCode, PlanVersion, StreetLine
from nama.parcels.selectors import current_plan_version, storage_centre
from nama.parcels.services import common
from nama.parcels.services.plans import (
    StreetLineData,
    apply_street_line,
    clean_street_line,
    mark_stale,
)
from nama.parcels.services.registry import CleanContext, CleanParcel, ParcelData, apply, clean
from nama.parcels.setbacks import RightsOfWay

logger = logging.getLogger("nama.parcels.import")

BATCH: Final = 1000
MAX_STORED_REJECTIONS: Final = 10_000
# Column / property names, with the names Shapefile's 10-character limit leaves.
ALIASES: Final = {
    "renewal_code": ("renewal_code", "renewal_co", "code", "کد_نوسازی", "کد نوسازی"),
    "plate": ("plate", "registry_plate", "registry_p", "پلاک_ثبتی", "پلاک ثبتی"),
    "address": ("address", "نشانی"),
    "postal_code": ("postal_code", "postal_cod", "کد_پستی", "کد پستی"),
    "deed_area": ("deed_area", "area", "مساحت_سند", "مساحت سند"),
    "zone": ("zone", "zone_code", "پهنه"),
    "external_id": ("external_id", "external_i", "id", "street_id", "شناسه"),
    "name": ("name", "street_name", "street_nam", "نام"),
    "kind": ("kind", "street_kind", "street_kin", "نوع"),
    "planned_width": ("planned_width", "planned_wi", "width", "عرض_مصوب", "عرض مصوب"),
}


def field_value(properties: dict[str, Any], name: str) -> str:
    """The value of ``name`` under any of its aliases (names compared case-insensitively)."""
    for alias in ALIASES[name]:
        value = properties.get(alias)
        if value is None:
            value = next(
                (v for k, v in properties.items() if str(k).strip().lower() == alias), None
            )
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def import_file(
    path: Path,
    *,
    kind: ImportKind = ImportKind.PARCELS,
    crs: str | None = None,
    plan_version: PlanVersion | None = None,
    actor: User | None = None,
    batch_size: int = BATCH,
) -> ImportReport:
    """Import ``path``; returns the report (also stored as an ``ImportRun``)."""
    source = open_source(path, crs)
    report = ImportReport(kind=str(kind), file=path.name, crs=str(source.crs))
    run = ImportRun.objects.create(
        kind=kind,
        file_name=str(path)[:300],
        file_sha256=_sha256(path),
        source_crs=str(source.crs)[:60],
        plan_version=plan_version,
        actor=actor,
    )
    started = time.perf_counter()
    importer: _Importer = (
        _ParcelImporter(report, source)
        if kind == ImportKind.PARCELS
        else _StreetImporter(report, source, _plan(plan_version))
    )
    for batch in itertools.batched(source.records, batch_size):
        report.total += len(batch)
        importer.batch(list(batch))
    importer.finish()
    report.seconds = time.perf_counter() - started
    report.warnings += source.warnings
    _finish(run, report, actor)
    return report


def _plan(plan: PlanVersion | None) -> PlanVersion:
    plan = plan or current_plan_version()
    if plan is None:
        raise ValidationError(
            "نسخه طرح بر اصلاحی را مشخص کنید (--plan-version).", code="plan_version_required"
        )
    return plan


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _finish(run: ImportRun, report: ImportReport, actor: User | None) -> None:
    run.finished_at = timezone.now()
    run.rows_total, run.rows_created, run.rows_updated = (
        report.total,
        report.created,
        report.updated,
    )
    run.rows_unchanged, run.rows_repaired = report.unchanged, len(report.repaired)
    run.rows_rejected = len(report.rejected)
    run.rejected = [
        {"row": r.row, "line": r.line, "key": r.key, "code": r.code, "reason": r.reason}
        for r in report.rejected[:MAX_STORED_REJECTIONS]
    ]
    with transaction.atomic():
        run.save()
        common.record(
            RegistryEventKind.IMPORTED,
            actor=actor,
            data={
                "run": run.pk,
                "kind": report.kind,
                "rows": report.total,
                "rejected": len(report.rejected),
            },
        )
    logger.info(
        "import %s of %s: %d rows, %d created, %d updated, %d unchanged, %d rejected in %.1fs",
        report.kind,
        report.file,
        report.total,
        report.created,
        report.updated,
        report.unchanged,
        len(report.rejected),
        report.seconds,
    )


class _Importer:
    def __init__(self, report: ImportReport, source: Source) -> None:
        self.report, self.source = report, source
        self.seen: dict[str, int] = {}  # key → row of its first appearance in the file

    def batch(self, records: list[Record]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called after the last batch."""

    def reject(self, record: Record, key: str, code: str, reason: str) -> None:
        self.report.reject(record.row, key, code, reason, record.line)
        logger.debug("row %d rejected: %s", record.row, code)

    def first_time(self, record: Record, key: str) -> bool:
        first = self.seen.setdefault(key, record.row)
        if first != record.row:
            self.reject(record, key, "duplicate_key", f"این کلید در ردیف {first} هم آمده است.")
            return False
        return True

    def shapes(self, records: list[Record]) -> list[Any]:
        """The records' geometries reprojected to the storage CRS in one call."""
        shapes = np.array([r.geometry for r in records], dtype=object)
        present = np.flatnonzero([r.geometry is not None for r in records])
        if len(present) and self.source.crs != STORAGE_EPSG:
            try:
                shapes[present] = reproject(shapes[present], self.source.crs, STORAGE_EPSG)
            except Exception as error:
                raise ValidationError(f"سامانه مختصات {self.source.crs} شناخته نشد.") from error
        return list(shapes)

    def write(
        self, items: Sequence[tuple[Record, Any]], write: Callable[[Sequence[Any]], None]
    ) -> None:
        """``write`` the batch in one savepoint; if the database refuses it, row by row."""
        if not items:
            return
        try:
            with transaction.atomic():
                write(items)
        except DatabaseError:
            logger.warning("batch refused by the database; retrying row by row", exc_info=True)
            for item in items:
                try:
                    with transaction.atomic():
                        write([item])
                except DatabaseError as error:
                    logger.warning("row %d refused by the database: %s", item[0].row, error)
                    self.reject(
                        item[0], _key(item[1]), "database_error", "پایگاه داده این ردیف را نپذیرفت."
                    )


def _key(item: Any) -> str:
    code = getattr(item, "code", None)
    return str(code) if code is not None else str(getattr(item, "external_id", ""))


class _ParcelImporter(_Importer):
    def __init__(self, report: ImportReport, source: Source) -> None:
        super().__init__(report, source)
        self.context = CleanContext.load()
        self.centre = storage_centre()
        plan = current_plan_version()
        self.ways = (
            RightsOfWay.of_plan(plan) if plan and plan.setbacks_computed_at is not None else None
        )

    def batch(self, records: list[Record]) -> None:
        shapes = self.shapes(records)
        cleaned_shapes, repaired, errors = clean_polygons(
            np.array(shapes, dtype=object), self.centre
        )
        items: list[tuple[Record, CleanParcel]] = []
        for i, record in enumerate(records):
            key = field_value(record.properties, "renewal_code")
            if record.problem or errors[i] is not None:
                problem = errors[i]
                code = problem.code if problem else "geometry_unreadable"
                self.reject(record, key, code, problem.message if problem else record.problem)
                continue
            try:
                item = clean(
                    self._data(record, key),
                    context=self.context,
                    shape=(cleaned_shapes[i], repaired[i]),
                )
            except ValidationError as error:
                self.reject(record, key, _code(error), "؛ ".join(error.messages))
                continue
            if self.first_time(record, str(item.code)):
                items.append((record, item))
        self.write(items, self._write)

    def _data(self, record: Record, key: str) -> ParcelData:
        props = record.properties
        return ParcelData(
            renewal_code=key,
            crs=STORAGE_EPSG,
            plate=field_value(props, "plate"),
            address=field_value(props, "address"),
            postal_code=field_value(props, "postal_code"),
            deed_area=field_value(props, "deed_area") or None,
            zone_code=field_value(props, "zone"),
            source="import",
        )

    def _write(self, items: Sequence[tuple[Record, CleanParcel]]) -> None:
        codes = [str(item.code) for _, item in items]
        existing = {
            p.renewal_code: p
            for p in Parcel.objects.select_for_update().filter(renewal_code__in=codes)
        }
        created: list[Parcel] = []
        changed: list[Parcel] = []
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        repaired: list[int] = []
        for record, item in items:
            parcel = existing.get(str(item.code))
            if parcel is not None and parcel.status != ParcelStatus.ACTIVE:
                self.reject(
                    record,
                    str(item.code),
                    "renewal_code_retired",
                    "این کد نوسازی متعلق به قطعه‌ای منسوخ (تفکیک یا تجمیع‌شده) است.",
                )
                continue
            target = parcel or Parcel()
            fields = apply(target, item)
            if parcel is None:
                created.append(target)
            elif fields:
                changed.append(target)
            counts["created" if parcel is None else "updated" if fields else "unchanged"] += 1
            if item.repaired:
                repaired.append(record.row)
        now = bulk.now_value()
        bulk.insert(Parcel, bulk.PARCEL_FIELDS, (bulk.parcel_values(p, now) for p in created))
        update_fields = [f for f in bulk.PARCEL_FIELDS if f != "created_at"]
        bulk.update(
            Parcel, update_fields, ((*bulk.parcel_values(p, now)[:-2], now, p.pk) for p in changed)
        )
        if created:
            ids = dict(
                Parcel.objects.filter(
                    renewal_code__in=[p.renewal_code for p in created]
                ).values_list("renewal_code", "pk")
            )
            for parcel in created:
                parcel.pk = ids[parcel.renewal_code]
            bulk.insert(
                ParcelCode,
                ["parcel", "renewal_code", "valid_from", "started_by", "ended_by"],
                ((p.pk, p.renewal_code, now, CodeChange.CREATED.value, "") for p in created),
            )
        common.sync_index([*created, *changed])
        if self.ways is not None or changed:
            common.refresh_setbacks([*created, *changed], self.ways)
        # Counted only once the batch is written (a refused batch is retried row by row).
        self.report.created += counts["created"]
        self.report.updated += counts["updated"]
        self.report.unchanged += counts["unchanged"]
        self.report.repaired += repaired


class _StreetImporter(_Importer):
    def __init__(self, report: ImportReport, source: Source, plan: PlanVersion) -> None:
        super().__init__(report, source)
        self.plan = plan
        self.touched = False

    def batch(self, records: list[Record]) -> None:
        items = []
        for record in records:
            key = field_value(record.properties, "external_id")
            if record.problem:
                self.reject(record, key, "geometry_unreadable", record.problem)
                continue
            try:
                item = clean_street_line(self._data(record, key))
            except ValidationError as error:
                self.reject(record, key, _code(error), "؛ ".join(error.messages))
                continue
            if self.first_time(record, item.external_id):
                items.append((record, item))
        self.write(items, self._write)

    def _data(self, record: Record, key: str) -> StreetLineData:
        props, shape = record.properties, record.geometry
        line = shape is not None and shape.geom_type in {"LineString", "MultiLineString"}
        return StreetLineData(
            external_id=key,
            name=field_value(props, "name"),
            kind=field_value(props, "kind") or "local",
            centre_line=shape if line else None,
            planned_width=field_value(props, "planned_width") or None,
            right_of_way=None if line else shape,
            crs=self.source.crs,
        )

    def _write(self, items: Sequence[tuple[Record, Any]]) -> None:
        ids = [item.external_id for _, item in items]
        existing = {
            line.external_id: line
            for line in StreetLine.objects.filter(plan_version=self.plan, external_id__in=ids)
        }
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for record, item in items:
            line = existing.get(item.external_id)
            target = line or StreetLine(plan_version=self.plan, external_id=item.external_id)
            if apply_street_line(target, item) or line is None:
                target.save()
                self.touched = True
                counts["created" if line is None else "updated"] += 1
            else:
                counts["unchanged"] += 1
            if item.repaired:
                self.report.repaired.append(record.row)
        self.report.created += counts["created"]
        self.report.updated += counts["updated"]
        self.report.unchanged += counts["unchanged"]

    def finish(self) -> None:
        if self.touched:
            mark_stale(self.plan)


def _code(error: ValidationError) -> str:
    codes = [e.code for e in error.error_list if e.code]
    return str(codes[0]) if codes else "invalid"
