"""Checking a request's form data against its service's form schema (the catalogue's fields).

What people type is accepted in any digit script; what is stored is normalised (ASCII digits,
Persian letters, ISO dates). A draft may be incomplete (``partial=True``); submitting may not.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from nama.catalog.schema import ChoiceField, DateField, NumberField, TextField, YesNoField
from nama.core.jalali import parse_jalali_date, tehran_today
from nama.core.text import normalize_digits, normalize_persian, to_persian_digits

REQUIRED = "این مورد الزامی است."
YES = {"yes", "true", "1", "بله", "on"}
NO = {"no", "false", "0", "خیر", "off"}


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


def _text(field: TextField, value: Any) -> str:
    text = normalize_persian(str(value)).strip()
    if field.min_length is not None and len(text) < field.min_length:
        raise ValidationError(f"دست‌کم {_fa(field.min_length)} نویسه.")
    if len(text) > field.max_length:
        raise ValidationError(f"حداکثر {_fa(field.max_length)} نویسه.")
    if field.pattern and not re.fullmatch(field.pattern, normalize_digits(text)):
        raise ValidationError(field.pattern_message or "قالب آن درست نیست.")
    return normalize_digits(text) if field.pattern else text


def _number(field: NumberField, value: Any) -> int | float:
    raw = normalize_digits(str(value)).strip().replace("٫", ".").replace(",", "")
    try:
        number = Decimal(raw)
    except InvalidOperation as error:
        raise ValidationError("باید عدد باشد.") from error
    if field.integer and number != number.to_integral_value():
        raise ValidationError("باید عدد صحیح باشد.")
    if field.min is not None and number < Decimal(str(field.min)):
        raise ValidationError(f"کمتر از {_fa(field.min)} نباشد.")
    if field.max is not None and number > Decimal(str(field.max)):
        raise ValidationError(f"بیشتر از {_fa(field.max)} نباشد.")
    return int(number) if field.integer else float(number)


def _choice(field: ChoiceField, value: Any) -> str:
    if value not in {choice.value for choice in field.choices}:
        raise ValidationError("یکی از گزینه‌ها را انتخاب کنید.")
    return str(value)


_ISO_DATE = re.compile(r"^(1[89][0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$", re.ASCII)


def _as_date(value: Any) -> date:
    """A Jalali date as typed, or the ISO (Gregorian) date we stored: years tell them apart."""
    text = normalize_digits(str(value)).strip()
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError as error:
            raise ValidationError("تاریخ درست نیست.") from error
    return parse_jalali_date(text)


def _date(field: DateField, value: Any) -> str:
    day = _as_date(value)
    today = tehran_today()
    if field.min_days_from_today is not None and day < today + timedelta(
        days=field.min_days_from_today
    ):
        raise ValidationError("این تاریخ زودتر از حد مجاز است.")
    if field.max_days_from_today is not None and day > today + timedelta(
        days=field.max_days_from_today
    ):
        raise ValidationError("این تاریخ دیرتر از حد مجاز است.")
    return day.isoformat()


def _yes_no(field: YesNoField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES or text in NO:
        return text in YES
    raise ValidationError("بله یا خیر را انتخاب کنید.")


_CLEANERS: dict[str, Any] = {
    "text": _text,
    "number": _number,
    "choice": _choice,
    "date": _date,
    "yes_no": _yes_no,
}


def clean_form(fields: list[Any], raw: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate ``raw`` against ``fields``; return the cleaned values.

    Raises one ``ValidationError`` naming every bad field. Unknown names are refused; with
    ``partial`` missing required fields are allowed (a draft), otherwise they are errors.
    """
    errors: dict[str, list[str]] = {}
    known = {field.name for field in fields}
    for name in sorted(set(raw) - known):
        errors[name] = ["این مورد در فرم این خدمت نیست."]
    cleaned: dict[str, Any] = {}
    for field in fields:
        value = raw.get(field.name)
        if value is None or value == "":
            if field.required and not partial:
                errors[field.name] = [REQUIRED]
            continue
        try:
            cleaned[field.name] = _CLEANERS[field.type](field, value)
        except ValidationError as error:
            errors[field.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
