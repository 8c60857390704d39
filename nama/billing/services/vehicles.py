"""A citizen's vehicles, on which the yearly vehicle duty is charged: add and remove.

A plate is the Iranian private-car format: two digits, a Persian letter, three digits and the
two-digit Iran code, stored as ``12ب345-13``. It may be typed with any digits, spaces, dashes
or the word «ایران»; an active plate belongs to one vehicle only.
"""

from __future__ import annotations

import logging
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.billing.constants import BillStatus, VehicleClass
from nama.billing.models import Bill, Vehicle
from nama.core.jalali import to_jalali
from nama.core.problems import ConflictError, NotFoundError
from nama.core.text import normalize_digits, normalize_persian, to_persian_digits

logger = logging.getLogger("nama.billing")

FIRST_MODEL_YEAR = 1300
PLATE_LETTERS = ("الف", *"بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
_LETTER = "|".join(PLATE_LETTERS)
_PLATE = re.compile(rf"([1-9][0-9])({_LETTER})([1-9][0-9]{{2}})([1-9][0-9])", re.ASCII)
_NOISE = re.compile(r"[\s\u200c\u200d\-‐‑‒–—−_|/.]+|ایران")

BAD_PLATE = "پلاک را به شکل ۱۲ ب ۳۴۵ ایران ۱۳ بنویسید: دو رقم، یک حرف، سه رقم و کد دو رقمی ایران."
TAKEN_PLATE = "خودرویی با این پلاک پیش‌تر ثبت شده است."
BAD_CLASS = "ردهٔ خودرو را از فهرست انتخاب کنید."
NOT_FOUND = "این خودرو پیدا نشد."
HAS_OPEN_BILLS = "این خودرو قبض پرداخت‌نشده دارد؛ نخست آن را بپردازید، سپس خودرو را حذف کنید."


def normalize_plate(text: str) -> str:
    """``text`` as the stored plate ``12ب345-13``; ``ValidationError`` (field ``plate``) if it
    is not a private-car plate."""
    compact = _NOISE.sub("", normalize_digits(normalize_persian(str(text))))
    match = _PLATE.fullmatch(compact)
    if match is None:
        raise ValidationError({"plate": [BAD_PLATE]})
    two, letter, three, region = match.groups()
    return f"{two}{letter}{three}-{region}"


def plate_display(plate: str) -> str:
    """A stored plate as people read it: «۱۲ ب ۳۴۵ ایران ۱۳» (the text itself if unparsable)."""
    match = _PLATE.fullmatch(plate.replace("-", ""))
    if match is None:
        return to_persian_digits(plate)
    two, letter, three, region = match.groups()
    return to_persian_digits(f"{two} {letter} {three} ایران {region}")


def current_jalali_year() -> int:
    return int(to_jalali(timezone.localdate()).year)


def model_year_error(value: int | str) -> str:
    """Why ``value`` is not a model year (1300 to this Jalali year); "" when it is one."""
    text = normalize_digits(str(value)).strip()
    last = current_jalali_year()
    if text.isascii() and text.isdigit() and FIRST_MODEL_YEAR <= int(text) <= last:
        return ""
    return to_persian_digits(f"سال ساخت باید سالی شمسی از {FIRST_MODEL_YEAR} تا {last} باشد.")


def add_vehicle(
    *, actor: User, plate: str, vehicle_class: str, model_year: int | str, title: str = ""
) -> Vehicle:
    """Declare one of the actor's vehicles; refused when its plate is already active."""
    errors: dict[str, list[str]] = {}
    try:
        plate = normalize_plate(plate)
    except ValidationError as error:
        errors.update(error.message_dict)
    if vehicle_class not in VehicleClass.values:
        errors["vehicle_class"] = [BAD_CLASS]
    if year_error := model_year_error(model_year):
        errors["model_year"] = [year_error]
    if errors:
        raise ValidationError(errors)
    year = int(normalize_digits(str(model_year)))
    return _create(actor, plate, VehicleClass(vehicle_class), year, normalize_persian(title)[:100])


def _create(actor: User, plate: str, vehicle_class: VehicleClass, year: int, title: str) -> Vehicle:
    if Vehicle.objects.filter(plate=plate, active=True).exists():
        raise ValidationError({"plate": [TAKEN_PLATE]})
    try:
        with transaction.atomic():
            vehicle = Vehicle.objects.create(
                owner=actor, plate=plate, vehicle_class=vehicle_class, model_year=year, title=title
            )
    except IntegrityError as error:  # the same plate added at the same moment elsewhere
        raise ValidationError({"plate": [TAKEN_PLATE]}) from error
    logger.info("vehicle added", extra={"vehicle_id": vehicle.pk, "actor_id": actor.pk})
    return vehicle


@transaction.atomic
def remove_vehicle(*, actor: User, vehicle: Vehicle) -> Vehicle:
    """Take one of the actor's vehicles off their list (kept, inactive, with its bills);
    refused while it has an issued, unpaid bill."""
    locked = Vehicle.objects.select_for_update().filter(pk=vehicle.pk, owner=actor).first()
    if locked is None or not locked.active:
        raise NotFoundError(NOT_FOUND)
    if Bill.objects.filter(vehicle=locked, status=BillStatus.ISSUED).exists():
        raise ConflictError(HAS_OPEN_BILLS, code="vehicle_has_open_bills")
    locked.active = False
    locked.save(update_fields=["active"])
    logger.info("vehicle removed", extra={"vehicle_id": locked.pk, "actor_id": actor.pk})
    return locked
