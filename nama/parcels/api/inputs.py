"""Reading the API's inputs: map windows (``bbox``), points and renewal codes.

Every bad input becomes a 422 problem with a Persian ``detail`` and the field named in
``errors``. Digits may be Persian or Arabic-Indic, as citizens type them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError

from nama.core.identifiers import RenewalCode, parse_renewal_code
from nama.core.problems import ApiError
from nama.core.text import normalize_digits, strip_invisible, to_persian_digits

# A parcel window larger than this is refused: the map asks for parcels only when zoomed in
# (about 1 km² on a laptop at zoom 17), and a page holds at most 2,000 parcels anyway.
MAX_PARCEL_WINDOW_KM2: Final = 16.0
# Street layers may cover a whole city (Isfahan is about 550 km²).
MAX_LAYER_WINDOW_KM2: Final = 1_500.0
_KM_PER_DEGREE: Final = 111.32


class InputError(ApiError):
    status, code, title = 422, "validation_error", "Unprocessable content"


@dataclass(frozen=True, slots=True)
class Window:
    """A WGS 84 window: ``min_lon, min_lat, max_lon, max_lat``."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @property
    def area_km2(self) -> float:
        """Approximate area (spherical, good to a few per cent at a city's scale)."""
        middle = math.radians((self.min_lat + self.max_lat) / 2)
        width = (self.max_lon - self.min_lon) * _KM_PER_DEGREE * math.cos(middle)
        return width * (self.max_lat - self.min_lat) * _KM_PER_DEGREE

    def as_tuple(self) -> tuple[float, float, float, float]:
        return self.min_lon, self.min_lat, self.max_lon, self.max_lat


def _refuse(field: str, code: str, message: str) -> InputError:
    return InputError(message, code=code, errors={field: [message]})


def _number(text: str) -> float | None:
    cleaned = normalize_digits(strip_invisible(text)).replace("٫", ".").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_window(text: str, *, max_km2: float, field: str = "bbox") -> Window:
    """``min_lon,min_lat,max_lon,max_lat`` (commas or Persian commas) → a checked window."""
    parts = normalize_digits(text).replace("،", ",").split(",")
    numbers = [_number(part) for part in parts]
    if len(numbers) != 4 or any(n is None for n in numbers):
        raise _refuse(
            field,
            "bbox_invalid",
            "محدوده (bbox) باید چهار عدد باشد که با ویرگول جدا شده‌اند: "
            "min_lon,min_lat,max_lon,max_lat.",
        )
    window = Window(*(float(n) for n in numbers if n is not None))
    lons, lats = (window.min_lon, window.max_lon), (window.min_lat, window.max_lat)
    if any(abs(lon) > 180 for lon in lons) or any(abs(lat) > 90 for lat in lats):
        raise _refuse(
            field,
            "bbox_out_of_range",
            "طول جغرافیایی باید بین ۱۸۰- و ۱۸۰ و عرض جغرافیایی بین ۹۰- و ۹۰ باشد.",
        )
    if not (window.min_lon < window.max_lon and window.min_lat < window.max_lat):
        raise _refuse(
            field,
            "bbox_reversed",
            "در محدوده، کمینهٔ طول و عرض باید کوچک‌تر از بیشینهٔ آن‌ها باشد "
            "(min_lon < max_lon و min_lat < max_lat).",
        )
    if window.area_km2 > max_km2:
        limit = to_persian_digits(f"{max_km2:,.0f}").replace(",", "٬")
        raise _refuse(
            field,
            "bbox_too_large",
            f"محدوده بزرگ‌تر از حد مجاز است (حداکثر {limit} کیلومتر مربع)؛ نقشه را بزرگ‌نمایی کنید.",
        )
    return window


def parse_coordinate(text: str, *, field: str, limit: float) -> float:
    """A latitude (``limit`` 90) or longitude (180) in decimal degrees."""
    value = _number(text)
    name = "عرض جغرافیایی" if field == "lat" else "طول جغرافیایی"
    if value is None:
        raise _refuse(field, "point_invalid", f"{name} ({field}) باید عددی اعشاری باشد.")
    if abs(value) > limit:
        bound = to_persian_digits(f"{limit:.0f}")
        raise _refuse(
            field, "point_out_of_range", f"{name} ({field}) باید بین {bound}- و {bound} باشد."
        )
    return value


def parse_code(text: str) -> RenewalCode:
    """A renewal code in any digit script, or a 422 naming ``renewal_code``."""
    try:
        return parse_renewal_code(text)
    except ValidationError as error:
        raise _refuse("renewal_code", "renewal_code_invalid", "؛ ".join(error.messages)) from error
