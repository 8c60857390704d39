"""Checking what an actor gives with an action against the transition's declared inputs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from nama.core.jalali import parse_jalali_date
from nama.core.text import normalize_digits, normalize_persian
from nama.workflow.definitions import InputDef

MAX_TEXT = 2000
MAX_ITEMS = 50
REQUIRED = "این مورد الزامی است."


def _text(item: InputDef, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError("باید متن باشد.")
    text = normalize_persian(value).strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"حداکثر {MAX_TEXT} نویسه.")
    return text


def _choice(item: InputDef, value: Any) -> str:
    if value not in item.choices:
        raise ValidationError("این گزینه مجاز نیست.")
    return str(value)


def _number(item: InputDef, value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValidationError("باید عدد باشد.")
    if isinstance(value, int | float):
        return value
    try:
        text = normalize_digits(str(value)).strip().replace("٫", ".")
        number = float(text)
    except ValueError as error:
        raise ValidationError("باید عدد باشد.") from error
    return int(number) if number.is_integer() else number


def _date(item: InputDef, value: Any) -> str:
    return parse_jalali_date(str(value)).isoformat()


def _yes_no(item: InputDef, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValidationError("باید بله یا خیر باشد.")


def _names(item: InputDef, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValidationError("باید فهرستی از نام‌ها باشد.")
    if len(value) > MAX_ITEMS:
        raise ValidationError("موارد بیش از حد است.")
    return sorted(set(value))


_CLEANERS = {
    "text": _text,
    "choice": _choice,
    "number": _number,
    "date": _date,
    "yes_no": _yes_no,
    "fields": _names,
    "documents": _names,
}


def _is_empty(value: Any) -> bool:
    return value is None or value in ("", [])


def clean_inputs(declared: list[InputDef], raw: dict[str, Any]) -> dict[str, Any]:
    """Validate ``raw`` against ``declared``; return the cleaned values.

    Raises one ``ValidationError`` naming every bad or missing input (Persian messages).
    Inputs that were not declared are refused, so nothing unexpected is ever recorded.
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    known = {item.name for item in declared}
    for name in sorted(set(raw) - known):
        errors[name] = ["این مورد برای این اقدام پذیرفته نیست."]
    for item in declared:
        value = raw.get(item.name)
        if _is_empty(value):
            if item.required:
                errors[item.name] = [REQUIRED]
            continue
        try:
            cleaned[item.name] = _CLEANERS[item.kind](item, value)
        except ValidationError as error:
            errors[item.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
