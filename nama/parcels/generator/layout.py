"""The synthetic city's shapes: a street grid around Isfahan's real centre, 15 districts,
blocks of jittered, sometimes irregular parcels, and a widening plan for arterials and collectors.

Pure computation (numpy + shapely, no database): ``build_layout(parcels, seed)`` is deterministic
for a seed. Blocks hold two rows of parcels back to back, each row fronting a street; dividers
between neighbours are shared (parcels tile without gaps), slanted, sometimes kinked, and the
parcels at block ends have their street corner cut (پخ). Coordinates are EPSG:32639 metres.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import shapely
from numpy.random import Generator
from numpy.typing import NDArray
from shapely.geometry import LineString, Polygon

from nama.parcels.constants import StreetKind
from nama.parcels.generator.names import ARTERIAL_NAMES, LOCAL_NAMES
from nama.parcels.geometry import GeometryArray, lonlat_to_storage, widen

CENTRE_LAT: Final = 32.6558
CENTRE_LON: Final = 51.6696
# Districts on a 3×5 grid, north row first, west to east: roughly where they lie in Isfahan
# (8 north-west, 1 and 3 in the centre, 6 south of the river, 15 east); plausible, not surveyed.
DISTRICT_GRID: Final = ((9, 8, 7, 14, 4), (11, 1, 3, 10, 15), (5, 6, 2, 13, 12))
PARCELS_PER_BLOCK: Final = 22.0  # measured average of the layout below, for sizing the grid
CHAMFER: Final = 2.5  # metres cut off a parcel's street corner
LOCAL_WIDTH: Final = (8.0, 12.0)
COLLECTOR_WIDTH: Final = 14.0
ARTERIAL_WIDTH: Final = 24.0
COLLECTOR_PLANNED: Final = (16.0, 18.0, 20.0)
ARTERIAL_PLANNED: Final = (30.0, 32.0, 35.0)


@dataclass(frozen=True, slots=True)
class StreetSpec:
    external_id: str
    name: str
    kind: StreetKind
    width: float
    centre: LineString


@dataclass(frozen=True, slots=True)
class PlanLineSpec:
    external_id: str
    name: str
    kind: StreetKind
    planned_width: float
    centre: LineString


@dataclass
class CityLayout:
    """Everything the generator stores, as arrays in parcel order."""

    origin: tuple[float, float]
    parcels: GeometryArray
    district: NDArray[np.int64]
    region: NDArray[np.int64]
    block: NDArray[np.int64]
    number: NDArray[np.int64]
    front_street: list[str]
    planned_front: NDArray[np.bool_]
    streets: list[StreetSpec] = field(default_factory=list)
    plan_lines: list[PlanLineSpec] = field(default_factory=list)
    districts: dict[int, Polygon] = field(default_factory=dict)

    def rights_of_way(self) -> GeometryArray:
        centres = np.array([line.centre for line in self.plan_lines], dtype=object)
        widths = [line.planned_width for line in self.plan_lines]
        return np.asarray(widen(centres, widths), dtype=object)

    def __len__(self) -> int:
        return len(self.parcels)


@dataclass(frozen=True, slots=True)
class _Line:
    """One grid line (a street) at ``position`` across the city."""

    position: float
    width: float
    kind: StreetKind
    name: str


def build_layout(parcels: int, seed: int) -> CityLayout:
    """A city of exactly ``parcels`` parcels (vacant lots are left where the grid has extra)."""
    rng = np.random.default_rng(seed)
    blocks = max(60, math.ceil(parcels * 1.08 / PARCELS_PER_BLOCK))
    while True:
        columns = max(10, round(math.sqrt(blocks * 62 / 160)))
        rows = max(6, math.ceil(blocks / columns))
        layout = _grid(rng, columns, rows)
        if len(layout) >= parcels:
            return _keep(rng, layout, parcels)
        blocks = math.ceil(blocks * 1.1)


def _grid(rng: Generator, columns: int, rows: int) -> CityLayout:
    origin = lonlat_to_storage(CENTRE_LON, CENTRE_LAT)
    x_lines = _lines(rng, columns, spacing=(110.0, 190.0), axis="x")
    y_lines = _lines(rng, rows, spacing=None, axis="y")
    # Centre the grid on the city centre.
    dx = origin[0] - (x_lines[0].position + x_lines[-1].position) / 2
    dy = origin[1] - (y_lines[0].position + y_lines[-1].position) / 2
    x_lines = [_moved(line, dx) for line in x_lines]
    y_lines = [_moved(line, dy) for line in y_lines]
    builder = _Blocks(rng, x_lines, y_lines)
    builder.build()
    layout = builder.layout(origin)
    layout.streets = _streets(x_lines, y_lines)
    layout.plan_lines = _plan_lines(rng, x_lines, y_lines)
    layout.districts = builder.district_shapes()
    return layout


def _moved(line: _Line, offset: float) -> _Line:
    return _Line(line.position + offset, line.width, line.kind, line.name)


def _kind(index: int) -> StreetKind:
    if index % 6 == 3:
        return StreetKind.ARTERIAL
    if index % 6 == 0:
        return StreetKind.COLLECTOR
    return StreetKind.LOCAL


def _width(rng: Generator, kind: StreetKind) -> float:
    if kind == StreetKind.ARTERIAL:
        return ARTERIAL_WIDTH
    if kind == StreetKind.COLLECTOR:
        return COLLECTOR_WIDTH
    return float(rng.uniform(*LOCAL_WIDTH))


def _lines(
    rng: Generator, blocks: int, *, spacing: tuple[float, float] | None, axis: str
) -> list[_Line]:
    """``blocks + 1`` street lines; between y-lines the gap holds two parcel rows."""
    lines: list[_Line] = []
    position = 0.0
    for index in range(blocks + 1):
        kind = _kind(index)
        width = _width(rng, kind)
        if lines:
            previous = lines[-1]
            if spacing is None:
                gap = 2 * float(rng.uniform(20.0, 30.0))
            else:
                gap = float(rng.uniform(*spacing))
            position += previous.width / 2 + gap + width / 2
        lines.append(_Line(position, width, kind, _street_name(kind, index, axis)))
    return lines


def _street_name(kind: StreetKind, index: int, axis: str) -> str:
    if kind == StreetKind.ARTERIAL:
        names = ARTERIAL_NAMES[::2] if axis == "x" else ARTERIAL_NAMES[1::2]
        cycle, position = divmod(index // 6, len(names))
        return f"خیابان {names[position]}" + (f" {cycle + 1}" if cycle else "")
    name = LOCAL_NAMES[index % len(LOCAL_NAMES)]
    prefix = "خیابان" if kind == StreetKind.COLLECTOR else "کوچه"
    return f"{prefix} {name} {index}"


class _Blocks:
    """Builds the parcels block by block, north row then south row."""

    def __init__(self, rng: Generator, x_lines: list[_Line], y_lines: list[_Line]) -> None:
        self.rng = rng
        self.x_lines, self.y_lines = x_lines, y_lines
        self.columns, self.rows = len(x_lines) - 1, len(y_lines) - 1
        self.shapes: list[Polygon] = []
        self.codes: list[tuple[int, int, int, int]] = []
        self.front: list[str] = []
        self.planned: list[bool] = []
        self.block_numbers: dict[tuple[int, int], int] = {}

    def district_of(self, bx: int, by: int) -> tuple[int, int]:
        """(district number, region 1–4) of block (bx, by); by counts from the south."""
        col, col_part = divmod(bx * 10 // self.columns, 2)
        row_from_north = 2 - by * 3 // self.rows
        row_part = int((by * 6 // self.rows) % 2 == 0)
        return DISTRICT_GRID[row_from_north][col], 1 + col_part + 2 * row_part

    def build(self) -> None:
        for by in range(self.rows):
            for bx in range(self.columns):
                self._block(bx, by)

    def _block(self, bx: int, by: int) -> None:
        left, right = self.x_lines[bx], self.x_lines[bx + 1]
        south, north = self.y_lines[by], self.y_lines[by + 1]
        x0, x1 = left.position + left.width / 2, right.position - right.width / 2
        y0, y1 = south.position + south.width / 2, north.position - north.width / 2
        district, region = self.district_of(bx, by)
        key = (district, region)
        self.block_numbers[key] = self.block_numbers.get(key, 0) + 1
        block = self.block_numbers[key]
        mid = (y0 + y1) / 2
        tilt = float(self.rng.uniform(-0.01, 0.01))

        def mid_y(x: float) -> float:
            return mid + tilt * (x - (x0 + x1) / 2)

        ends_planned = left.kind != StreetKind.LOCAL or right.kind != StreetKind.LOCAL
        number = 0
        for front, street in ((y1, north), (y0, south)):
            for shape in self._row(x0, x1, front, mid_y, facing_north=front == y1):
                number += 1
                self.shapes.append(shape)
                self.codes.append((district, region, block, number))
                self.front.append(street.name)
                self.planned.append(street.kind != StreetKind.LOCAL or ends_planned)

    def _row(
        self,
        x0: float,
        x1: float,
        front: float,
        mid_y: Callable[[float], float],
        *,
        facing_north: bool,
    ) -> Iterator[Polygon]:
        rng = self.rng
        edges = x0 + _dividers(rng, x1 - x0)
        count = len(edges)
        jitter_front = rng.uniform(-0.6, 0.6, count)
        jitter_back = rng.uniform(-1.2, 1.2, count)
        jitter_front[[0, -1]] = rng.uniform(-0.2, 0.2, 2)
        jitter_back[[0, -1]] = jitter_front[[0, -1]]
        lift = rng.uniform(-0.3, 0.3, count)
        fronts = [(float(edges[i] + jitter_front[i]), float(front + lift[i])) for i in range(count)]
        backs = [
            (float(edges[i] + jitter_back[i]), mid_y(float(edges[i] + jitter_back[i])))
            for i in range(count)
        ]
        kinks: list[tuple[float, float] | None] = [None] * count
        for k in np.flatnonzero(rng.random(count) < 0.15).tolist():
            if 0 < k < count - 1:
                (fx, fy), (bx, by) = fronts[k], backs[k]
                kinks[k] = ((fx + bx) / 2 + float(rng.uniform(-2.0, 2.0)), (fy + by) / 2)
        sign = -1.0 if facing_north else 1.0  # from the front towards the back
        for i in range(count - 1):
            ring = _parcel_ring(fronts, backs, kinks, i, sign, last=count - 2)
            yield Polygon(ring if not facing_north else ring[::-1])

    def layout(self, origin: tuple[float, float]) -> CityLayout:
        codes = np.array(self.codes, dtype=np.int64).reshape(-1, 4)
        return CityLayout(
            origin=origin,
            parcels=np.array(self.shapes, dtype=object),
            district=codes[:, 0],
            region=codes[:, 1],
            block=codes[:, 2],
            number=codes[:, 3],
            front_street=self.front,
            planned_front=np.array(self.planned, dtype=bool),
        )

    def district_shapes(self) -> dict[int, Polygon]:
        boxes: dict[int, list[float]] = {}
        for by in range(self.rows):
            for bx in range(self.columns):
                number, _ = self.district_of(bx, by)
                x0, x1 = self.x_lines[bx].position, self.x_lines[bx + 1].position
                y0, y1 = self.y_lines[by].position, self.y_lines[by + 1].position
                box = boxes.setdefault(number, [x0, y0, x1, y1])
                box[:] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        return {n: shapely.box(*box) for n, box in sorted(boxes.items())}


def _parcel_ring(
    fronts: list[tuple[float, float]],
    backs: list[tuple[float, float]],
    kinks: list[tuple[float, float] | None],
    i: int,
    sign: float,
    *,
    last: int,
) -> list[tuple[float, float]]:
    """Counter-clockwise (for a south-facing row) ring of the parcel between dividers i, i+1."""
    left_front, right_front = fronts[i], fronts[i + 1]
    ring: list[tuple[float, float]] = []
    if i == 0:  # the block's west end: cut the street corner
        ring += [
            (left_front[0], left_front[1] + sign * CHAMFER),
        ]
        ring += [(left_front[0] + CHAMFER, left_front[1])]
    else:
        ring.append(left_front)
    if i == last:  # the block's east end
        ring += [(right_front[0] - CHAMFER, right_front[1])]
        ring += [(right_front[0], right_front[1] + sign * CHAMFER)]
    else:
        ring.append(right_front)
    if kinks[i + 1] is not None:
        ring.append(kinks[i + 1])  # type: ignore[arg-type]
    ring += [backs[i + 1], backs[i]]
    if kinks[i] is not None:
        ring.append(kinks[i])  # type: ignore[arg-type]
    return ring


def _dividers(rng: Generator, length: float) -> NDArray[np.float64]:
    """Divider offsets 0 … length for parcels of realistic frontage (8–36 m, mostly 8–13)."""
    kinds = rng.choice(3, size=64, p=[0.7, 0.22, 0.08])
    low = np.array([8.0, 13.0, 20.0])[kinds]
    high = np.array([13.0, 20.0, 36.0])[kinds]
    edges = np.concatenate([[0.0], np.cumsum(rng.uniform(low, high))])
    end = int(np.searchsorted(edges, length))
    if end >= 2 and length - edges[end - 1] < 6.0:
        end -= 1  # a sliver at the end joins the last parcel
        return np.concatenate([edges[:end], [length]])
    return np.concatenate([edges[:end], [length]])


def _streets(x_lines: list[_Line], y_lines: list[_Line]) -> list[StreetSpec]:
    x_span = (x_lines[0].position, x_lines[-1].position)
    y_span = (y_lines[0].position, y_lines[-1].position)
    specs = [
        StreetSpec(
            f"x{i}", line.name, line.kind, line.width,
            LineString([(line.position, y_span[0]), (line.position, y_span[1])]),
        )
        for i, line in enumerate(x_lines)
    ]  # fmt: skip
    specs += [
        StreetSpec(
            f"y{j}", line.name, line.kind, line.width,
            LineString([(x_span[0], line.position), (x_span[1], line.position)]),
        )
        for j, line in enumerate(y_lines)
    ]  # fmt: skip
    return specs


def _plan_lines(rng: Generator, x_lines: list[_Line], y_lines: list[_Line]) -> list[PlanLineSpec]:
    """Segments of every arterial and collector between arterial crossings, each with its own
    planned width (wider than today's street: the widening)."""
    specs: list[PlanLineSpec] = []
    for axis, lines, across in (("x", x_lines, y_lines), ("y", y_lines, x_lines)):
        cuts = [line.position for line in across if line.kind == StreetKind.ARTERIAL]
        stops = sorted({across[0].position, *cuts, across[-1].position})
        for i, line in enumerate(lines):
            if line.kind == StreetKind.LOCAL:
                continue
            widths = ARTERIAL_PLANNED if line.kind == StreetKind.ARTERIAL else COLLECTOR_PLANNED
            for k, (a, b) in enumerate(itertools.pairwise(stops)):
                ends = [(line.position, a), (line.position, b)]
                if axis == "y":
                    ends = [(a, line.position), (b, line.position)]
                width = float(rng.choice(widths))
                specs.append(
                    PlanLineSpec(f"{axis}{i}-{k}", line.name, line.kind, width, LineString(ends))
                )
    return specs


def _keep(rng: Generator, layout: CityLayout, parcels: int) -> CityLayout:
    """Keep exactly ``parcels`` parcels; the others become vacant lots (gaps in numbering)."""
    if len(layout) == parcels:
        return layout
    keep = np.sort(rng.choice(len(layout), size=parcels, replace=False))
    layout.parcels = layout.parcels[keep]
    layout.district, layout.region = layout.district[keep], layout.region[keep]
    layout.block, layout.number = layout.block[keep], layout.number[keep]
    layout.front_street = [layout.front_street[i] for i in keep]
    layout.planned_front = layout.planned_front[keep]
    return layout
