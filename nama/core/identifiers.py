"""Iranian identifiers (domain reference, sections 5 and 7).

Every validator takes text in any digit script, normalises it (digits to ASCII, bidi marks
removed, spaces and dashes dropped where they only group digits), checks it with ASCII ``[0-9]``
only — ``\\d`` and ``int()`` both accept Persian digits — and returns the normalised value.
A bad value raises ``ValidationError`` with a Persian message and a stable ``code`` named
``<identifier>_<problem>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError

from nama.core.money import ensure_rials
from nama.core.text import normalize_digits, strip_invisible

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# Spaces, ZWNJ/ZWJ and the dashes people type between digit groups.
_GROUPING = re.compile(r"[\s\u200c\u200d\-‐‑‒–—−]+")
_MOBILE = re.compile(r"(?:\+98|0098|98|0)?(9[0-9]{9})", re.ASCII)
_POSTAL_CODE = re.compile(r"(?!([0-9])\1{3})[13-9]{4}[1346-9][013-9]{5}", re.ASCII)
_SHEBA = re.compile(r"IR[0-9]{24}", re.ASCII)

_LEGAL_ID_WEIGHTS: Final = (29, 27, 23, 19, 17)
_SHEBA_COUNTRY_DIGITS: Final = "1827"  # I = 18, R = 27 in ISO 7064


def _as_text(value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("مقدار واردشده متن نیست.", code="not_text")
    return value


def _compact(value: str) -> str:
    """Digits to ASCII, invisible marks, spaces and dashes removed."""
    return _GROUPING.sub("", normalize_digits(strip_invisible(_as_text(value))))


def _is_digits(value: str, *lengths: int) -> bool:
    return _DIGITS.fullmatch(value) is not None and len(value) in lengths


# --- National ID (کد ملی) ---------------------------------------------------------------------


def national_id_check_digit(first_nine: str) -> int:
    """Return the check digit for the first nine ASCII digits of a national ID."""
    s = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return s if s < 2 else 11 - s


def validate_national_id(value: str) -> str:
    """Return the 10-digit national ID; 8–9 digit inputs are left-padded with zeros."""
    digits = _compact(value)
    if not _is_digits(digits, 8, 9, 10):
        raise ValidationError("کد ملی باید ۱۰ رقم باشد.", code="national_id_format")
    digits = digits.zfill(10)
    if len(set(digits)) == 1:
        raise ValidationError("کد ملی نامعتبر است.", code="national_id_repeated")
    if national_id_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError("کد ملی نامعتبر است.", code="national_id_checksum")
    return digits


# --- Legal-person ID (شناسه ملی) ---------------------------------------------------------------


def legal_id_check_digit(first_ten: str) -> int:
    """Return the check digit for the first ten ASCII digits of a legal-person ID."""
    t = int(first_ten[9]) + 2
    s = sum((t + int(d)) * _LEGAL_ID_WEIGHTS[i % 5] for i, d in enumerate(first_ten)) % 11
    return 0 if s == 10 else s


def validate_legal_id(value: str) -> str:
    """Return the 11-digit legal-person ID (شناسه ملی اشخاص حقوقی)."""
    digits = _compact(value)
    if not _is_digits(digits, 11):
        raise ValidationError("شناسه ملی باید ۱۱ رقم باشد.", code="legal_id_format")
    if legal_id_check_digit(digits[:10]) != int(digits[10]):
        raise ValidationError("شناسه ملی نامعتبر است.", code="legal_id_checksum")
    return digits


# --- Contact and address ------------------------------------------------------------------------


def validate_mobile(value: str) -> str:
    """Return a mobile number as ``09xxxxxxxxx``; +98, 0098, 98 and 0 prefixes are accepted."""
    compact = _compact(value).replace("(", "").replace(")", "")
    match = _MOBILE.fullmatch(compact)
    if match is None:
        raise ValidationError(
            "شماره همراه نامعتبر است؛ نمونه درست: ۰۹۱۲۳۴۵۶۷۸۹", code="mobile_invalid"
        )
    return "0" + match.group(1)


def validate_postal_code(value: str) -> str:
    """Return the 10-digit postal code (without the display dash)."""
    digits = _compact(value)
    if not _is_digits(digits, 10):
        raise ValidationError("کد پستی باید ۱۰ رقم باشد.", code="postal_code_format")
    if _POSTAL_CODE.fullmatch(digits) is None:
        raise ValidationError("کد پستی نامعتبر است.", code="postal_code_invalid")
    return digits


def format_postal_code(value: str) -> str:
    """Return a postal code as shown to people: ``XXXXX-XXXXX``."""
    digits = validate_postal_code(value)
    return f"{digits[:5]}-{digits[5:]}"


# --- Banking ------------------------------------------------------------------------------------


def validate_sheba(value: str) -> str:
    """Return a Sheba (Iranian IBAN) as ``IR`` + 24 digits; bare 24 digits get the ``IR``."""
    compact = _compact(value).upper()
    if _is_digits(compact, 24):
        compact = "IR" + compact
    if _SHEBA.fullmatch(compact) is None:
        raise ValidationError("شماره شبا باید IR و ۲۴ رقم باشد.", code="sheba_format")
    if int(compact[4:] + _SHEBA_COUNTRY_DIGITS + compact[2:4]) % 97 != 1:
        raise ValidationError("شماره شبا نامعتبر است.", code="sheba_checksum")
    return compact


def sheba_check_digits(bban: str) -> str:
    """Return the two ISO 7064 check digits for a 22-digit Iranian BBAN (for fixtures)."""
    return f"{98 - int(bban + _SHEBA_COUNTRY_DIGITS + '00') % 97:02d}"


def luhn_check_digit(payload: str) -> int:
    """Return the Luhn check digit to append to ASCII ``payload``."""
    total = 0
    for i, d in enumerate(reversed(payload)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def validate_card_number(value: str) -> str:
    """Return a 16-digit bank card number that passes the Luhn check."""
    digits = _compact(value)
    if not _is_digits(digits, 16):
        raise ValidationError("شماره کارت باید ۱۶ رقم باشد.", code="card_number_format")
    if luhn_check_digit(digits[:-1]) != int(digits[-1]):
        raise ValidationError("شماره کارت نامعتبر است.", code="card_number_checksum")
    return digits


# --- Bill ID and payment ID (شناسه قبض و شناسه پرداخت) ------------------------------------------

SERVICE_TYPE_MUNICIPAL: Final = 6
_ID_MIN_LENGTH, _ID_MAX_LENGTH = 6, 13


@dataclass(frozen=True, slots=True)
class Bill:
    """The parts of a validated bill ID / payment ID pair."""

    bill_id: str
    payment_id: str
    file_code: int
    company_code: int
    service_type: int
    amount_rials: int
    year_digit: int
    period: int


def mod11(digits: str) -> int:
    """Bill check digit: weights 2..7 repeating from the right; 0 if the remainder is 0 or 1."""
    r = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(digits))) % 11
    return 0 if r < 2 else 11 - r


def _bounded(value: int | str, low: int, high: int, error: ValidationError) -> int:
    """An int, or digits in any script, within ``low..high``; otherwise raise ``error``."""
    if isinstance(value, str):
        text = normalize_digits(strip_invisible(value)).strip()
        value = int(text) if _DIGITS.fullmatch(text) else -1
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise error
    return value


def make_bill_id(file_code: int | str, company_code: int | str) -> str:
    """Build a municipal-duty bill ID: file code, 3-digit company code, service type 6, check."""
    file_error = ValidationError("کد پرونده باید عددی بین ۱ و ۹۹۹۹۹۹۹۹ باشد.", "bill_code_invalid")
    company_error = ValidationError("کد شرکت باید عددی بین ۰ و ۹۹۹ باشد.", "bill_code_invalid")
    file_number = _bounded(file_code, 1, 10**8 - 1, file_error)
    company = _bounded(company_code, 0, 999, company_error)
    body = f"{file_number}{company:03d}{SERVICE_TYPE_MUNICIPAL}"
    return f"{body}{mod11(body)}"


def make_payment_id(bill_id: str, amount_rials: int, jalali_year: int, period: int) -> str:
    """Build the payment ID for ``bill_id``: amount ÷ 1000, year digit, 2-digit period, checks."""
    bill = validate_bill_id(bill_id)
    thousands = _amount_in_thousands(amount_rials)
    year = _bounded(
        jalali_year, 0, 9999, ValidationError("سال نامعتبر است.", "payment_year_invalid")
    )
    period_error = ValidationError("دوره باید بین ۰ تا ۹۹ باشد.", "payment_period_invalid")
    body = f"{thousands}{year % 10}{_bounded(period, 0, 99, period_error):02d}"
    body += str(mod11(body))
    return body + str(mod11(bill + body))


def _amount_in_thousands(amount_rials: int) -> int:
    amount = ensure_rials(amount_rials)
    if amount <= 0 or amount % 1000:
        raise ValidationError(
            "مبلغ قبض باید مضرب مثبتی از ۱۰۰۰ ریال باشد.", code="payment_amount_invalid"
        )
    if amount >= 10**11:
        raise ValidationError("مبلغ قبض بیش از حد مجاز است.", code="payment_amount_invalid")
    return amount // 1000


def _bill_digits(value: str, *, label: str, code: str) -> str:
    """An ID with leading zeros stripped, 6–13 ASCII digits."""
    digits = _compact(value).lstrip("0")
    if not _is_digits(digits, *range(_ID_MIN_LENGTH, _ID_MAX_LENGTH + 1)):
        raise ValidationError(f"{label} باید بین ۶ تا ۱۳ رقم باشد.", code=code)
    return digits


def validate_bill_id(value: str) -> str:
    """Return the bill ID (leading zeros stripped) after checking its check digit."""
    bill = _bill_digits(value, label="شناسه قبض", code="bill_id_format")
    if mod11(bill[:-1]) != int(bill[-1]):
        raise ValidationError("شناسه قبض نامعتبر است.", code="bill_id_checksum")
    return bill


def parse_bill(bill_id: str, payment_id: str) -> Bill:
    """Validate a bill ID / payment ID pair and return its parts."""
    bill = validate_bill_id(bill_id)
    payment = _bill_digits(payment_id, label="شناسه پرداخت", code="payment_id_format")
    if mod11(payment[:-2]) != int(payment[-2]) or mod11(bill + payment[:-1]) != int(payment[-1]):
        raise ValidationError(
            "شناسه پرداخت با شناسه قبض نمی‌خواند یا نامعتبر است.", code="payment_id_checksum"
        )
    return Bill(
        bill_id=bill,
        payment_id=payment,
        file_code=int(bill[:-5]),
        company_code=int(bill[-5:-2]),
        service_type=int(bill[-2]),
        amount_rials=int(payment[:-5]) * 1000,
        year_digit=int(payment[-5]),
        period=int(payment[-4:-2]),
    )


def barcode(bill_id: str, payment_id: str) -> str:
    """Return the 26-digit barcode text: both IDs validated and left-padded to 13 digits."""
    bill = parse_bill(bill_id, payment_id)
    return bill.bill_id.zfill(_ID_MAX_LENGTH) + bill.payment_id.zfill(_ID_MAX_LENGTH)


# --- Renewal code (کد نوسازی) -------------------------------------------------------------------

_RENEWAL_SEPARATOR = re.compile(r"\s*[-‐‑‒–—−/.]\s*|\s+")
_MINUS_SIGN = re.compile(r"(?:^|\s)[-‐‑‒–—−][0-9]")  # "84 -1" is a negative part, not "84 - 1"
_RENEWAL_LEVELS: Final = ("shop", "apartment", "building")


@dataclass(frozen=True, slots=True)
class RenewalCode:
    """The 7-part municipal property key ``district-region-block-parcel-building-apartment-shop``.

    Zero means the level is not used. There is no check digit.
    """

    district: int
    region: int
    block: int
    parcel: int
    building: int
    apartment: int
    shop: int

    @property
    def level(self) -> str:
        """The object the code names: the deepest non-zero level among building/apartment/shop,
        else ``"parcel"``."""
        return next((name for name in _RENEWAL_LEVELS if getattr(self, name)), "parcel")

    @property
    def map_key(self) -> str:
        """The first four parts (district-region-block-parcel), the key of the parcel on the map."""
        return "-".join(str(part) for part in self.parts[:4])

    @property
    def parts(self) -> tuple[int, int, int, int, int, int, int]:
        """All seven parts in order."""
        return (
            self.district,
            self.region,
            self.block,
            self.parcel,
            self.building,
            self.apartment,
            self.shop,
        )

    def __str__(self) -> str:
        return "-".join(str(part) for part in self.parts)


def parse_renewal_code(value: str) -> RenewalCode:
    """Parse ``1-10-84-1-16-2-0``; any digit script; separators ``-``, ``/``, ``.`` or spaces."""
    text = normalize_digits(strip_invisible(_as_text(value))).strip()
    parts = _RENEWAL_SEPARATOR.split(text) if text else []
    # Parts are checked before counting: an empty part is usually a minus sign, as in "1--10-…".
    if _MINUS_SIGN.search(text) or not all(_DIGITS.fullmatch(part) for part in parts):
        raise ValidationError(
            "هر بخش کد نوسازی باید عددی نامنفی باشد (بخش خالی یا منفی پذیرفته نیست).",
            code="renewal_code_invalid",
        )
    if len(parts) != 7:
        raise ValidationError(
            "کد نوسازی باید ۷ بخش داشته باشد، مانند ۱-۱۰-۸۴-۱-۱۶-۲-۰.", code="renewal_code_parts"
        )
    district, region, block, parcel, building, apartment, shop = (int(part) for part in parts)
    return RenewalCode(district, region, block, parcel, building, apartment, shop)


def format_renewal_code(code: RenewalCode | str) -> str:
    """Return the canonical text of a renewal code: ASCII digits joined by ``-``."""
    return str(code if isinstance(code, RenewalCode) else parse_renewal_code(code))


# --- Registry plate (پلاک ثبتی) -----------------------------------------------------------------
#
# Accepted syntax, after digits are normalised and bidi marks removed:
#     MAIN[-MAIN…][/SUB[-SUB…]][[،,] بخش [ثبتی] SECTION]
# e.g. "72", "72/1617", "211-253-254/6932-6933", "72/1617 بخش 5", "۷۲/۱۶۱۷، بخش ثبتی ۱۴".
# Main (اصلی) numbers come before the slash, sub (فرعی) numbers after it, as the reference writes
# them; every number is a positive integer. Spaces around "-" and "/" are allowed.

_NUMBER_LIST = r"[0-9]+(?:\s*[-‐‑‒–—−]\s*[0-9]+)*"
_PLATE = re.compile(
    rf"(?P<main>{_NUMBER_LIST})(?:\s*/\s*(?P<sub>{_NUMBER_LIST}))?"
    r"(?:\s*[،,]?\s*بخش(?:\s+ثبتی)?\s*(?P<section>[0-9]+))?"
)


@dataclass(frozen=True, slots=True)
class RegistryPlate:
    """A parsed registry plate: main and sub numbers, the registration section and the raw text."""

    main: tuple[int, ...]
    sub: tuple[int, ...]
    section: int | None
    raw: str

    def __str__(self) -> str:
        text = "-".join(map(str, self.main))
        if self.sub:
            text += "/" + "-".join(map(str, self.sub))
        return text if self.section is None else f"{text} بخش {self.section}"


def parse_registry_plate(value: str) -> RegistryPlate:
    """Parse a registry plate such as ``211-253-254/6932-6933 بخش 5`` (syntax above)."""
    raw = _as_text(value).strip()
    match = _PLATE.fullmatch(normalize_digits(strip_invisible(raw)).strip())
    if match is None:
        raise ValidationError(
            "پلاک ثبتی نامعتبر است؛ نمونه درست: ۷۲/۱۶۱۷ یا ۲۱۱-۲۵۳/۶۹۳۲ بخش ۵",
            code="registry_plate_format",
        )
    main, sub = _numbers(match["main"]), _numbers(match["sub"])
    section = int(match["section"]) if match["section"] else None
    if 0 in main + sub or section == 0:
        raise ValidationError(
            "شماره‌های پلاک ثبتی باید بزرگ‌تر از صفر باشند.", code="registry_plate_zero"
        )
    return RegistryPlate(main=main, sub=sub, section=section, raw=raw)


def _numbers(group: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in _DIGITS.findall(group)) if group else ()
