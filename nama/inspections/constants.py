"""Enumerations and tables of field inspections: who reports a figure, what is measured, how
far two figures may differ, and where each source's figures come from.

Everything that varies by figure is data here (labels, units, tolerances, the request-form
fields that declare it); the code in ``comparison`` and ``sources`` reads these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db import models

from nama.core.text import to_persian_digits
from nama.documents.validation import Slot


class Source(models.TextChoices):
    """Who states a figure about the property."""

    APPLICANT = "applicant", "اظهار متقاضی"
    REGISTRY = "registry", "بانک اطلاعات املاک"
    PERMIT = "permit", "پروانهٔ پیشین"
    DESK = "desk", "کارشناس، از روی مدارک"
    INSPECTOR = "inspector", "مامور بازدید"


class Kind(StrEnum):
    """How a figure is typed, stored and compared."""

    AREA = "area"  # square metres, decimal
    LENGTH = "length"  # metres, decimal
    COUNT = "count"  # a whole number
    CHOICE = "choice"  # a land-use code


@dataclass(frozen=True)
class Tolerance:
    """How far an observed figure may be from a reported one and still agree.

    ``relative``: a share of the reported figure (0.05 = 5 %); ``absolute``: in the figure's
    unit. Both zero: the two must be equal. A difference exactly at the tolerance agrees.
    """

    relative: Decimal = Decimal(0)
    absolute: Decimal = Decimal(0)

    def allows(self, reported: Decimal) -> Decimal:
        return abs(reported) * self.relative + self.absolute

    @property
    def label(self) -> str:
        if self.relative:
            return f"{to_persian_digits(_plain(self.relative * 100))}٪"
        if self.absolute:
            return f"{to_persian_digits(_plain(self.absolute))} متر"
        return "برابر"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", "٫")


EXACT = Tolerance()
AREA_TOLERANCE = Tolerance(relative=Decimal("0.05"))
SETBACK_TOLERANCE = Tolerance(absolute=Decimal("0.5"))


@dataclass(frozen=True)
class Measure:
    """A figure compared between sources."""

    key: str
    label: str
    kind: Kind
    tolerance: Tolerance
    unit: str = ""
    # The bounds a typed value must fall within (inclusive).
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(1_000_000)


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in (
        Measure("land_area", "مساحت عرصه", Kind.AREA, AREA_TOLERANCE, "مترمربع", Decimal("1")),
        Measure("built_area", "زیربنای کل", Kind.AREA, AREA_TOLERANCE, "مترمربع"),
        Measure("floors", "تعداد طبقات", Kind.COUNT, EXACT, "طبقه", maximum=Decimal(60)),
        Measure("units", "تعداد واحدها", Kind.COUNT, EXACT, "واحد", maximum=Decimal(500)),
        Measure("use", "کاربری", Kind.CHOICE, EXACT),
        Measure(
            "setback_observed",
            "عقب‌نشینی",
            Kind.LENGTH,
            SETBACK_TOLERANCE,
            "متر",
            maximum=Decimal(100),
        ),
        Measure(
            "parking_spaces", "تعداد پارکینگ", Kind.COUNT, EXACT, "واحد", maximum=Decimal(1000)
        ),
    )
}

# What the inspector types besides the compared figures.
BUILT_AREA_BY_FLOOR = "built_area_by_floor"
VIOLATIONS = "violations"
MAX_FLOORS_LISTED = 60
MAX_TEXT = 2000

# Land uses the inspector may record (the registry's LandUse values that a visit can tell).
USES: dict[str, str] = {
    "residential": "مسکونی",
    "commercial": "تجاری",
    "mixed": "مختلط مسکونی-تجاری",
    "office": "اداری",
    "educational": "آموزشی",
    "health": "درمانی",
    "industrial": "کارگاهی و صنعتی",
    "vacant": "زمین بایر / بدون بنا",
}

# The applicant's declaration: for each compared figure, the request-form fields (of any
# service) that state it, first present wins. D15: floors, units, parking_spaces,
# total_floor_area, use; the completion services state what was built.
DECLARED_FIELDS: dict[str, tuple[str, ...]] = {
    "land_area": ("plot_area", "total_area"),
    "built_area": ("total_floor_area", "built_floor_area"),
    "floors": ("floors", "floors_built", "intended_floors"),
    "units": ("units",),
    "use": ("use", "intended_use"),
    "parking_spaces": ("parking_spaces",),
}

# What the desk officer reads from the documents (deed, drawings) on /inspections/<code>/desk/.
DESK_FIELDS: dict[str, str] = {
    "land_area": "مساحت عرصه طبق سند",
    "built_area": "زیربنای کل طبق نقشه‌ها",
    "floors": "تعداد طبقات طبق نقشه‌ها",
    "units": "تعداد واحدها طبق نقشه‌ها",
    "use": "کاربری طبق نقشه‌ها",
    "parking_spaces": "تعداد پارکینگ طبق نقشه‌ها",
    "setback_observed": "عقب‌نشینی طبق دستور نقشه",
}

# Bases of the registry's figures (one figure may come from two places).
BASIS_DEED = "سند"
BASIS_MAP = "نقشه"
BASIS_BUILDINGS = "ساختمان‌های ثبت‌شده"

# The photo slot: stored by the documents app like any upload, re-encoded without metadata.
PHOTO_SLOT = Slot(
    type="inspection_photo", formats=("jpg", "png"), max_size_mb=10, label="عکس بازدید"
)
# A photo's client clock may be this far ahead of ours (clocks drift); older than the age
# below it is not from this visit.
PHOTO_CLOCK_SKEW_SECONDS = 10 * 60
PHOTO_MAX_AGE_DAYS = 7
