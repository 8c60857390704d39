"""Forms of the bills and revenue pages. They parse what was typed; the services validate and
say why not, in Persian (``ServiceForm.add_service_error``)."""

from __future__ import annotations

from typing import Any

from django import forms

from nama.accounts.forms import ServiceForm
from nama.billing.constants import BillStatus, Purpose, VehicleClass
from nama.billing.selectors import BillFilters, search_key
from nama.billing.services.vehicles import PLATE_LETTERS
from nama.core.forms import Choices, filter_select
from nama.core.text import normalize_digits, normalize_persian
from nama.payments.constants import PaymentStatus

ALL = "همه"
NUMERIC = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}
MAX_BANK_FILE = 5 * 1024 * 1024


def _digits(label: str, length: int, message: str, example: str) -> forms.CharField:
    attrs = {**NUMERIC, "maxlength": str(length), "size": str(length), "placeholder": example}
    return forms.CharField(
        label=label,
        max_length=length + 2,
        error_messages={"required": message},
        widget=forms.TextInput(attrs=attrs),
    )


class VehicleForm(ServiceForm):
    """A vehicle: its plate in four parts as printed, its class, model year and a name."""

    service_fields = {"plate": "plate_two"}

    plate_two = _digits("دو رقم سمت چپ", 2, "دو رقم نخست پلاک را بنویسید.", "۱۲")
    plate_letter = forms.ChoiceField(
        label="حرف",
        choices=[("", "حرف"), *((letter, letter) for letter in PLATE_LETTERS)],
        error_messages={
            "required": "حرف پلاک را انتخاب کنید.",
            "invalid_choice": "حرف پلاک را انتخاب کنید.",
        },
    )
    plate_three = _digits("سه رقم", 3, "سه رقم میانی پلاک را بنویسید.", "۳۴۵")
    plate_region = _digits("کد ایران", 2, "کد دو رقمی ایران را بنویسید.", "۱۳")
    vehicle_class = forms.ChoiceField(
        label="ردهٔ خودرو",
        choices=[("", "انتخاب کنید"), *VehicleClass.choices],
        error_messages={
            "required": "ردهٔ خودرو را انتخاب کنید.",
            "invalid_choice": "ردهٔ خودرو را انتخاب کنید.",
        },
    )
    model_year = forms.CharField(
        label="سال ساخت (شمسی)",
        max_length=6,
        error_messages={"required": "سال ساخت را بنویسید، مانند ۱۳۹۸."},
        widget=forms.TextInput(attrs={**NUMERIC, "maxlength": "4", "placeholder": "۱۳۹۸"}),
    )
    title = forms.CharField(
        label="نام خودرو (اختیاری)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "مثلاً پژو ۲۰۶"}),
    )

    def plate(self) -> str:
        """The plate as one text for the service (which checks and normalises it)."""
        data = self.cleaned_data
        parts = (data["plate_two"], data["plate_letter"], data["plate_three"], data["plate_region"])
        return "{}{}{}-{}".format(*(normalize_digits(part).strip() for part in parts))


def _reason(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        help_text=help_text,
        error_messages={"required": "دلیل را بنویسید؛ در پرونده می‌ماند."},
        widget=forms.Textarea(attrs={"rows": "2"}),
    )


class ReissueForm(ServiceForm):
    """Void a bill and issue its replacement, with a reason and optionally another amount."""

    reason = _reason("دلیل ابطال و صدور دوباره", "در سابقهٔ قبض و دفتر حساب می‌ماند.")
    amount = forms.CharField(
        label="مبلغ تازه (ریال، اختیاری)",
        required=False,
        max_length=20,
        help_text="خالی بماند تا همان مبلغ؛ مضرب ۱۰۰۰ ریال.",
        widget=forms.TextInput(attrs=NUMERIC),
    )

    def clean_amount(self) -> int | None:
        raw = normalize_digits(self.cleaned_data["amount"]).replace(",", "").replace("٬", "")
        raw = raw.strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
            raise forms.ValidationError("مبلغ را به ریال و با رقم بنویسید.")
        return int(raw)


class RefundForm(ServiceForm):
    """Refund a paid bill by bank transfer: why, and the transfer's reference."""

    reason = _reason("دلیل استرداد", "در سابقهٔ قبض و دفتر حساب می‌ماند.")
    reference = forms.CharField(
        label="شماره پیگیری انتقال بانکی",
        max_length=64,
        error_messages={"required": "شماره پیگیری انتقال وجه را بنویسید."},
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def clean_reference(self) -> str:
        return normalize_digits(normalize_persian(self.cleaned_data["reference"])).strip()


class BankFileForm(ServiceForm):
    """A bank's settlement file: CSV with bill_id, payment_id, amount, paid_at, trace."""

    bank = forms.CharField(
        label="بانک",
        max_length=60,
        error_messages={"required": "نام بانک فرستندهٔ فایل را بنویسید."},
    )
    file = forms.FileField(
        label="فایل تسویه (CSV)",
        help_text="ستون‌ها: bill_id, payment_id, amount, paid_at, trace — با سطر عنوان.",
        error_messages={"required": "فایل را انتخاب کنید.", "empty": "فایل خالی است."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BANK_FILE:
            raise forms.ValidationError("فایل تسویه بزرگ‌تر از ۵ مگابایت است.")
        return upload


class BillFilterForm(forms.Form):
    """The revenue desk's bill filters (GET); a value that is not offered is ignored."""

    q = forms.CharField(
        label="جستجو",
        required=False,
        max_length=40,
        help_text="شناسه قبض، شناسه پرداخت، کد ملی پرداخت‌کننده یا کد رهگیری درخواست",
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "dir": "auto", "id": "bills-q"}
        ),
    )
    overdue = forms.BooleanField(
        label="فقط گذشته از مهلت",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "id": "bills-overdue"}),
    )

    def __init__(self, data: Any, *, districts: Choices) -> None:
        super().__init__(data)
        selects = {
            "status": ("وضعیت", [("", ALL), *BillStatus.choices]),
            "purpose": ("بابت", [("", ALL), *Purpose.choices]),
            "district": ("منطقه", [("", ALL), *districts]),
        }
        self.allowed: dict[str, set[str]] = {}
        for name, (label, choices) in selects.items():
            self.fields[name] = filter_select(label, choices, f"bills-{name}")
            self.allowed[name] = {value for value, _label in choices}
        self.order_fields(["q", "status", "purpose", "district", "overdue"])

    def _value(self, name: str) -> str:
        raw = self.data.get(name, "") if self.data else ""
        return raw if isinstance(raw, str) and raw in self.allowed[name] else ""

    def filters(self) -> BillFilters:
        district = self._value("district")
        return BillFilters(
            status=self._value("status"),
            purpose=self._value("purpose"),
            district=int(district) if district else None,
            overdue=bool(self.data.get("overdue")) if self.data else False,
            search=search_key(str(self.data.get("q", "") if self.data else "")),
        )

    @property
    def active(self) -> bool:
        return self.filters() != BillFilters()


PAYMENT_STATUS_CHOICES: Choices = [("", ALL), *PaymentStatus.choices]
