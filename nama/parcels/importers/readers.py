"""Reading records from files: each record is a row number, its properties and its geometry.

* GeoJSON (``.geojson``/``.json``): streamed feature by feature (memory stays flat for large
  files); RFC 7946 says EPSG:4326, a legacy ``crs`` member before ``features`` is honoured.
* CSV (``.csv``): a header row; the geometry is WKT in a ``wkt``/``geometry``/``geom`` column;
  no CRS in the file, so the city's (EPSG:32639) unless ``--crs`` says otherwise.
* Shapefile (``.shp``, or a ``.zip`` holding one) and GeoPackage (``.gpkg``): through pyogrio
  (the ``geo`` extra), CRS from the file.

Rows are numbered from 1 in file order (CSV: the first row after the header is row 1, and the
physical ``line`` where it starts is kept too). A record whose geometry cannot be read carries
the reason instead of a geometry; it is rejected later, never silently dropped.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

import shapely
from shapely.geometry import shape as geojson_shape

from nama.parcels.constants import STORAGE_EPSG, WGS84_EPSG

CHUNK: Final = 1 << 20
OGR_SUFFIXES: Final = {".shp", ".gpkg", ".zip"}
WKT_COLUMNS: Final = ("wkt", "geometry", "geom", "the_geom", "هندسه")


class SourceError(Exception):
    """The file as a whole cannot be read (format, encoding, missing extra)."""


@dataclass(slots=True)
class Record:
    row: int
    properties: dict[str, Any]
    geometry: Any = None  # shapely geometry, None when absent
    problem: str = ""  # why the geometry could not be read
    line: int | None = None


@dataclass(slots=True)
class Source:
    records: Iterator[Record]
    crs: int | str
    crs_origin: str  # "file", "default" or "option"
    warnings: list[str] = field(default_factory=list)


def open_source(path: Path, crs: str | None = None) -> Source:
    """Open ``path`` by its suffix; ``crs`` (e.g. ``EPSG:32639``) overrides the file's."""
    suffix = path.suffix.lower()
    if suffix in {".geojson", ".json"}:
        source = _geojson(path)
    elif suffix == ".csv":
        source = Source(_csv(path), STORAGE_EPSG, "default")
    elif suffix in OGR_SUFFIXES:
        source = _ogr(path)
    else:
        raise SourceError(f"Unknown file type {suffix!r}: use .geojson, .csv, .shp or .gpkg.")
    if crs:
        source.crs, source.crs_origin = crs, "option"
    return source


# --- GeoJSON ---------------------------------------------------------------------------------


class _Stream:
    """A window over a text file for ``JSONDecoder.raw_decode`` of one value at a time."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle, self.buffer, self.pos, self.eof = handle, "", 0, False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise SourceError(f"Malformed GeoJSON: expected {char!r} at offset {self.pos}.")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or not self._more():
                    raise SourceError(f"Malformed GeoJSON: {error.msg}.") from error
                continue
            # A number at the very end of the buffer may continue in the next chunk.
            if end == len(self.buffer) and not self.eof and self._more():
                continue
            self.pos = end
            return value


def _geojson(path: Path) -> Source:
    handle = path.open(encoding="utf-8-sig")
    stream = _Stream(handle)
    header: dict[str, Any] = {}
    stream.expect("{")
    # Read top-level members up to "features" so that a legacy "crs" before it applies.
    while stream.peek() != "}":
        key = stream.value()
        stream.expect(":")
        if key == "features":
            stream.expect("[")
            break
        header[key] = stream.value()
        if stream.peek() == ",":
            stream.pos += 1
    else:
        handle.close()
        return Source(iter(_single(header)), WGS84_EPSG, "default")
    crs, origin = _legacy_crs(header.get("crs"))
    source = Source(iter(()), crs, origin)
    source.records = _features(stream, handle, source)
    return source


def _single(header: dict[str, Any]) -> list[Record]:
    if header.get("type") == "Feature":
        return [_feature_record(1, header)]
    raise SourceError("GeoJSON must be a FeatureCollection or a Feature.")


def _legacy_crs(member: Any) -> tuple[int | str, str]:
    name = (member or {}).get("properties", {}).get("name") if isinstance(member, dict) else None
    if not name:
        return WGS84_EPSG, "default"
    return str(name), "file"


def _features(stream: _Stream, handle: IO[str], source: Source) -> Iterator[Record]:
    try:
        row = 0
        while stream.peek() != "]":
            row += 1
            yield _feature_record(row, stream.value())
            if stream.peek() == ",":
                stream.pos += 1
        stream.pos += 1
        while stream.peek() == ",":
            stream.pos += 1
            key = stream.value()
            stream.expect(":")
            stream.value()
            if key == "crs":
                source.warnings.append(
                    "The legacy 'crs' member comes after 'features' and was not applied."
                )
    finally:
        handle.close()


def _feature_record(row: int, feature: Any) -> Record:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return Record(row, {}, problem="این عضو از نوع Feature نیست.")
    properties = feature.get("properties") or {}
    geometry = feature.get("geometry")
    if geometry is None:
        return Record(row, properties)
    try:
        return Record(row, properties, geojson_shape(geometry))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        return Record(row, properties, problem=f"هندسه GeoJSON خوانا نیست ({error}).")
    except shapely.errors.ShapelyError as error:
        return Record(row, properties, problem=f"هندسه GeoJSON خوانا نیست ({error}).")


# --- CSV -------------------------------------------------------------------------------------


def _csv(path: Path) -> Iterator[Record]:
    csv.field_size_limit(min(sys.maxsize, 1 << 30))  # WKT of a large polygon is a long field
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:
            return
        column = next((c for c in reader.fieldnames if c.strip().lower() in WKT_COLUMNS), None)
        if column is None:
            raise SourceError(f"No WKT column: name one of {', '.join(WKT_COLUMNS)}.")
        line = reader.line_num + 1
        for row, values in enumerate(reader, start=1):
            text = (values.pop(column, "") or "").strip()
            record = Record(row, dict(values), line=line)
            line = reader.line_num + 1
            if text:
                _read_wkt(record, text)
            yield record


def _read_wkt(record: Record, text: str) -> None:
    try:
        record.geometry = shapely.from_wkt(text)
    except shapely.errors.ShapelyError as error:
        record.problem = f"WKT خوانا نیست ({str(error).splitlines()[0][:120]})."


# --- Shapefile and GeoPackage (the geo extra) --------------------------------------------------


def _ogr(path: Path) -> Source:
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError as error:
        raise SourceError(
            "Shapefile/GeoPackage import needs the optional extra: pip install 'isfahan-nama[geo]'."
        ) from error
    target = f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)
    info = pyogrio.read_info(target)
    crs = info.get("crs")
    return Source(
        _ogr_records(pyogrio, target, int(info.get("features") or 0)),
        crs or STORAGE_EPSG,
        "file" if crs else "default",
    )


def _ogr_records(pyogrio: Any, target: str, count: int) -> Iterator[Record]:
    chunk = 10_000
    for start in range(0, count, chunk):
        meta, _fids, geometry, columns = pyogrio.raw.read(
            target, skip_features=start, max_features=chunk
        )
        names = list(meta["fields"])
        shapes = shapely.from_wkb(geometry, on_invalid="ignore")
        for offset, shape in enumerate(shapes):
            properties = {
                name: _plain(values[offset]) for name, values in zip(names, columns, strict=True)
            }
            problem = "" if shape is not None or geometry[offset] is None else "هندسه خوانا نیست."
            yield Record(start + offset + 1, properties, shape, problem)


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)
    return item() if callable(item) else value
