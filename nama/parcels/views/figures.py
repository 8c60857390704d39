"""The property page's figures, worded and formatted once for the template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from nama.core.identifiers import format_postal_code
from nama.core.masking import mask_national_id
from nama.core.text import to_persian_digits
from nama.parcels.constants import LandUse, OwnerKind, StreetKind
from nama.parcels.models import Ownership, Parcel, PropertySnapshot
from nama.parcels.selectors import SetbackReport
from nama.parcels.views import display
from nama.parcels.views.access import Holding


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    ltr: bool = False  # a code: shown isolated left to right
    key: str = ""  # a stable hook for tests and styles


def area_figures(report: SetbackReport) -> list[Figure]:
    """Deed and geometric areas (both only when they differ), setback, remainders, frontage."""
    figures = [Figure("مساحت طبق سند", display.square_metres(report.deed_area), key="deed")]
    if report.areas_differ or report.deed_area is None:
        figures.append(
            Figure("مساحت هندسی (نقشه)", display.square_metres(report.geometric_area), key="geo")
        )
    figures += [
        Figure("مساحت عقب‌نشینی", display.square_metres(report.setback_area), key="setback"),
        Figure("طول بر اصلاحی در ملک", display.metres(report.frontage_length), key="frontage"),
        Figure(
            "باقی‌مانده طبق سند",
            display.square_metres(report.remaining_deed_area),
            key="remaining",
        ),
    ]
    if report.areas_differ or report.deed_area is None:
        figures.append(
            Figure(
                "باقی‌مانده هندسی",
                display.square_metres(report.remaining_geometric_area),
                key="remaining-geo",
            )
        )
    return figures


def zone_figures(parcel: Parcel) -> list[Figure]:
    zone = parcel.zone
    if zone is None:
        return []
    return [
        Figure("پهنه", to_persian_digits(zone.name), key="zone"),
        Figure("کد پهنه", zone.code, ltr=True, key="zone-code"),
        Figure("کاربری", LandUse(zone.land_use).label, key="land-use"),
        Figure("تراکم ساختمانی", display.percent(zone.density_percent), key="density"),
        Figure("سطح اشغال", display.percent(zone.coverage_percent), key="coverage"),
        Figure("حداکثر طبقات", f"{to_persian_digits(str(zone.max_floors))} طبقه", key="floors"),
    ]


def registry_figures(parcel: Parcel) -> list[Figure]:
    """The file's registry facts (for the owner, their representative and district staff)."""
    figures = [
        Figure("کد نوسازی", parcel.renewal_code, ltr=True, key="code"),
        Figure("منطقه", parcel.district.name, key="district"),
        Figure("نشانی", to_persian_digits(parcel.address) or display.NONE, key="address"),
    ]
    if parcel.plate_raw:
        plate = to_persian_digits(parcel.plate_raw)
        if parcel.plate_section and "بخش" not in plate:
            plate += f"، بخش {to_persian_digits(str(parcel.plate_section))}"
        figures.append(Figure("پلاک ثبتی", plate, key="plate"))
    if parcel.postal_code:
        figures.append(Figure("کد پستی", _postal(parcel.postal_code), ltr=True, key="postal"))
    return figures


def _postal(stored: str) -> str:
    try:
        return to_persian_digits(format_postal_code(stored))
    except ValidationError:  # an imported code that breaks the structural rule: as stored
        return to_persian_digits(stored)


def plan_text(report: SetbackReport) -> str:
    if report.plan_version is None:
        return ""
    approved = f"، مصوب {report.plan_approved_on_jalali}" if report.plan_approved_on else ""
    return f"{to_persian_digits(report.plan_title)}{approved}"


@dataclass(frozen=True, slots=True)
class StreetLineRow:
    name: str
    kind: str
    width: str


def street_line_rows(report: SetbackReport) -> list[StreetLineRow]:
    kinds = dict(StreetKind.choices)
    return [
        StreetLineRow(
            name=to_persian_digits(line.name) or "معبر بی‌نام",
            kind=kinds.get(line.kind, line.kind),
            width=display.metres(line.planned_width),
        )
        for line in report.street_lines
    ]


@dataclass(frozen=True, slots=True)
class OwnerRow:
    name: str
    kind: str
    national_id: str  # masked
    share: str
    unit_code: str
    is_legal: bool


def owner_rows(shares: list[Ownership]) -> list[OwnerRow]:
    return [
        OwnerRow(
            name=share.owner.display_name,
            kind=share.owner.get_kind_display(),
            national_id=to_persian_digits(
                mask_national_id(share.owner.national_id or share.owner.legal_id)
            ),
            share=display.dang(f"{share.dang.normalize():f}"),
            unit_code=share.unit.renewal_code if share.unit else "",
            is_legal=share.owner.kind == OwnerKind.LEGAL,
        )
        for share in shares
    ]


def holding_text(holdings: list[Holding]) -> list[str]:
    """«۶ دانگ»، «۳ دانگ (شرکت نمونه)»، «۱ دانگ از واحد …» for the list page."""
    texts = []
    for holding in holdings:
        text = display.dang(holding.dang)
        if holding.holder:
            text += f" به نام {holding.holder}"
        if holding.unit_code:
            text += " از یک واحد"
        texts.append(text)
    return texts


@dataclass(frozen=True, slots=True)
class SnapshotColumn:
    kind: str
    as_of: date


@dataclass(frozen=True, slots=True)
class SnapshotTable:
    """The property's figures as each source gives them: a column a source, a row a figure."""

    columns: list[SnapshotColumn]
    rows: list[tuple[str, list[str]]]


def _count(value: int | None) -> str:
    return display.NONE if value is None else to_persian_digits(str(value))


def snapshot_table(snapshots: list[PropertySnapshot]) -> SnapshotTable | None:
    if not snapshots:
        return None
    figures: list[tuple[str, Callable[[PropertySnapshot], str]]] = [
        ("عرصه (مترمربع)", lambda s: display.number(s.land_area)),
        ("زیربنا (مترمربع)", lambda s: display.number(s.total_built_area)),
        ("طبقات", lambda s: _count(s.floors)),
        ("واحدها", lambda s: _count(s.units)),
        ("پارکینگ", lambda s: _count(s.parking_spaces)),
        ("کاربری", lambda s: s.get_land_use_display() or display.NONE),
    ]
    return SnapshotTable(
        columns=[SnapshotColumn(s.get_kind_display(), s.as_of) for s in snapshots],
        rows=[(label, [value(s) for s in snapshots]) for label, value in figures],
    )
