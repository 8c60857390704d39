"""Reading what an inspector types and comparing figures within a tolerance (no database).

Numbers are accepted in any digit script (Persian, Arabic-Indic, ASCII) with «٫» or «.» as the
decimal separator and «٬» or «,» between thousands; they are stored as ASCII strings (areas,
lengths) or integers (counts).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from nama.core.text import normalize_digits, normalize_persian, to_persian_digits
from nama.inspections.constants import (
    BUILT_AREA_BY_FLOOR,
    MAX_FLOORS_LISTED,
    MAX_TEXT,
    MEASURES,
    USES,
    VIOLATIONS,
    Kind,
    Measure,
)

NOT_A_NUMBER = "باید عدد باشد."
NOT_WHOLE = "باید عدد صحیح باشد."
Errors = dict[str, list[str]]


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


def ascii_number(text: str) -> str:
    """``«۱۲۰٫۵»`` → ``"120.5"``: digits and separators as stored (not yet checked)."""
    raw = normalize_digits(str(text)).strip()
    return raw.replace("٫", ".").replace("٬", "").replace(",", "").replace(" ", "")


def parse_number(text: Any, measure: Measure) -> Decimal | int:
    """A typed figure of ``measure`` as a number, or a Persian ``ValidationError``."""
    try:
        number = Decimal(ascii_number(str(text)))
    except InvalidOperation as error:
        raise ValidationError(NOT_A_NUMBER) from error
    if not number.is_finite():
        raise ValidationError(NOT_A_NUMBER)
    if number < measure.minimum:
        raise ValidationError(f"کمتر از {_fa(measure.minimum)} نباشد.")
    if number > measure.maximum:
        raise ValidationError(f"بیشتر از {_fa(measure.maximum)} نباشد.")
    if measure.kind == Kind.COUNT:
        if number != number.to_integral_value():
            raise ValidationError(NOT_WHOLE)
        return int(number)
    return number.quantize(Decimal("0.01"))


def stored(value: Decimal | int | str) -> int | str:
    """A figure as JSON keeps it: counts as integers, measures as ASCII decimal strings."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def clean_measure(key: str, raw: Any) -> int | str | None:
    """One compared figure from what was typed; None when left empty."""
    if raw is None or str(raw).strip() == "":
        return None
    measure = MEASURES[key]
    if measure.kind == Kind.CHOICE:
        if raw not in USES:
            raise ValidationError("یکی از گزینه‌ها را انتخاب کنید.")
        return str(raw)
    return stored(parse_number(raw, measure))


def clean_floor_areas(raw: Any) -> list[str]:
    """The built area of each floor (empty entries dropped)."""
    if not isinstance(raw, list):
        raw = [] if raw in (None, "") else [raw]
    if len(raw) > MAX_FLOORS_LISTED:
        raise ValidationError(f"حداکثر {_fa(MAX_FLOORS_LISTED)} طبقه.")
    areas = [clean_measure("built_area", item) for item in raw]
    return [str(area) for area in areas if area is not None]


def clean_text(raw: Any) -> str:
    text = normalize_persian(str(raw or "")).strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"حداکثر {_fa(MAX_TEXT)} نویسه.")
    return text


def clean_values(raw: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
    """The report's values checked for submission: (cleaned, errors by field)."""
    cleaned: dict[str, Any] = {}
    errors: Errors = {}
    readers: dict[str, Any] = {key: _measure_reader(key) for key in MEASURES if key != "built_area"}
    readers[BUILT_AREA_BY_FLOOR] = clean_floor_areas
    readers[VIOLATIONS] = clean_text
    for name, read in readers.items():
        try:
            value = read(raw.get(name))
        except ValidationError as error:
            errors[name] = list(error.messages)
            continue
        if value not in (None, "", []):
            cleaned[name] = value
    return cleaned, errors


def _measure_reader(key: str) -> Any:
    return lambda raw: clean_measure(key, raw)


def draft_values(raw: dict[str, Any]) -> dict[str, Any]:
    """A draft keeps what was typed (ASCII digits, bounded length), checked only on submit."""
    draft: dict[str, Any] = {}
    for key in [*MEASURES, VIOLATIONS]:
        value = raw.get(key)
        if value not in (None, "") and key != "built_area":
            draft[key] = _draft_text(value, MAX_TEXT if key == VIOLATIONS else 40)
    floors = raw.get(BUILT_AREA_BY_FLOOR)
    if isinstance(floors, list):
        draft[BUILT_AREA_BY_FLOOR] = [_draft_text(v, 40) for v in floors[:MAX_FLOORS_LISTED]]
    return draft


def _draft_text(value: Any, limit: int) -> str:
    return normalize_digits(str(value))[:limit]


def observed_figures(values: dict[str, Any]) -> dict[str, Any]:
    """The compared figures of a submitted report (the built area: the floors' sum)."""
    figures = {key: values[key] for key in MEASURES if key in values}
    floors = values.get(BUILT_AREA_BY_FLOOR) or []
    if floors:
        figures["built_area"] = stored(sum((Decimal(str(v)) for v in floors), Decimal(0)))
    return figures


def differs(key: str, reported: Any, observed: Any) -> bool:
    """Do two figures of ``key`` disagree beyond its tolerance? Exactly at it: they agree."""
    measure = MEASURES[key]
    if measure.kind == Kind.CHOICE:
        return str(reported) != str(observed)
    reported_number = Decimal(str(reported))
    gap = abs(Decimal(str(observed)) - reported_number)
    return gap > measure.tolerance.allows(reported_number)


def display(key: str, value: Any) -> str:
    """A figure as a person reads it: Persian digits and unit, or the use's label."""
    if value is None or value == "":
        return "—"
    measure = MEASURES.get(key)
    if measure is None:
        return _fa(value)
    if measure.kind == Kind.CHOICE:
        return USES.get(str(value), str(value))
    number = Decimal(str(value))
    text = format(number.normalize(), "f") if measure.kind != Kind.COUNT else str(int(number))
    unit = f" {measure.unit}" if measure.unit else ""
    return f"{_fa(text.replace('.', '٫'))}{unit}"
