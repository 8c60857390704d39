"""Forms of the citizen's request pages. They parse what was typed; the services validate.

``CaseForm`` is built from the service's form schema (the catalogue's field types text,
number, choice, date, yes_no). Every field is optional *here*: a draft may be saved half
filled; completeness is checked when the applicant moves on and when the request is submitted
(``forms_schema.clean_form``), and each refusal comes back onto its field
(``ServiceForm.add_service_error``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from nama.accounts.forms import ServiceForm, national_id_field
from nama.catalog.schema import ChoiceField, DateField, NumberField, TextField, YesNoField
from nama.core.identifiers import validate_national_id
from nama.core.jalali import format_jalali_date, tehran_today
from nama.core.text import to_persian_digits
from nama.core.tracking import parse_tracking_code

OPTIONAL = "اختیاری"
CHOOSE = "یکی از گزینه‌ها را انتخاب کنید."
OTHER_PARCEL = "other"
# Radio buttons up to this many choices (all visible at once on a phone); a list beyond.
MAX_RADIOS = 6
YES_NO_CHOICES = [("yes", "بله"), ("no", "خیر")]
RADIO = {"class": "form-check-input"}


def _ltr(text: str) -> str:
    """Kept left to right inside Persian text (digit groups would otherwise swap places)."""
    return f"\u2066{text}\u2069"


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


def _number_text(value: float) -> str:
    """A number as a person reads it: Persian digits, thousands grouped, «٫» for decimals."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return _fa(text.replace(",", "٬").replace(".", "٫"))


# --- The service's form -------------------------------------------------------------------


def _text(spec: TextField) -> forms.Field:
    attrs: dict[str, Any] = {"maxlength": str(spec.max_length)}
    if spec.pattern:
        attrs.update(dir="ltr", spellcheck="false", autocapitalize="none", autocomplete="off")
    widget: forms.Widget = (
        forms.Textarea(attrs={**attrs, "rows": "4"})
        if spec.multiline
        else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(required=False, strip=True, widget=widget)


def _number(spec: NumberField) -> forms.Field:
    attrs = {
        "inputmode": "numeric" if spec.integer else "decimal",
        "dir": "ltr",
        "autocomplete": "off",
        "spellcheck": "false",
        "class": "input-width-10",
        "maxlength": "20",
    }
    return forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))


def _number_hint(spec: NumberField) -> str:
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.min is not None and spec.max is not None:
        hint = f"از {_number_text(spec.min)} تا {_number_text(spec.max)}{unit}"
    elif spec.min is not None:
        hint = f"دست‌کم {_number_text(spec.min)}{unit}"
    elif spec.max is not None:
        hint = f"حداکثر {_number_text(spec.max)}{unit}"
    else:
        hint = f"به{unit}" if unit else ""
    if not spec.integer:
        hint += "؛ بخش اعشاری را با «٫» یا «.» جدا کنید"
    return hint


def _choice(spec: ChoiceField) -> forms.Field:
    choices = [(choice.value, choice.label) for choice in spec.choices]
    if len(choices) <= MAX_RADIOS:
        widget: forms.Widget = forms.RadioSelect(attrs=RADIO)
    else:
        widget = forms.Select(attrs={"class": "form-select"})
        choices = [("", "انتخاب کنید"), *choices]
    return forms.ChoiceField(
        required=False, choices=choices, widget=widget, error_messages={"invalid_choice": CHOOSE}
    )


def _date(spec: DateField) -> forms.Field:
    attrs = {
        "dir": "ltr",
        "autocomplete": "off",
        "spellcheck": "false",
        "class": "input-width-10",
        "maxlength": "20",
        "placeholder": "۱۴۰۴/۰۱/۰۱",
    }
    return forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))


def _date_hint(spec: DateField) -> str:
    today = tehran_today()
    example = today + timedelta(days=max(spec.min_days_from_today or 0, 0) + 7)
    if spec.max_days_from_today is not None and spec.max_days_from_today < 0:
        example = today + timedelta(days=spec.max_days_from_today)
    hint = f"تاریخ شمسی به شکل سال/ماه/روز، مانند {format_jalali_date(example)}"
    low, high = spec.min_days_from_today, spec.max_days_from_today
    if low is not None:
        hint += f"؛ از {_day_phrase(today, low)}"
    if high is not None:
        hint += f" تا {_day_phrase(today, high)}"
    return hint


def _day_phrase(today: date, days: int) -> str:
    if days == 0:
        return "امروز"
    return format_jalali_date(today + timedelta(days=days))


def _yes_no(spec: YesNoField) -> forms.Field:
    return forms.ChoiceField(
        required=False,
        choices=YES_NO_CHOICES,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"invalid_choice": "بله یا خیر را انتخاب کنید."},
    )


_BUILDERS: dict[str, Any] = {
    "text": _text,
    "number": _number,
    "choice": _choice,
    "date": _date,
    "yes_no": _yes_no,
}


def _hint(spec: Any) -> str:
    extra = ""
    if isinstance(spec, NumberField):
        extra = _number_hint(spec)
    elif isinstance(spec, DateField):
        extra = _date_hint(spec)
    return " — ".join(part for part in (spec.help, extra) if part)


def shown_value(spec: Any, value: Any) -> str:
    """A stored answer as the form shows it (and the review page lists it)."""
    if value is None or value == "":
        return ""
    if isinstance(spec, YesNoField):
        return "yes" if value is True else "no" if value is False else str(value)
    if isinstance(spec, NumberField) and isinstance(value, int | float):
        return _fa(value if spec.integer else str(value).replace(".", "٫"))
    if isinstance(spec, DateField):
        try:
            return format_jalali_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def answer_label(spec: Any, value: Any) -> str:
    """A stored answer in words, for the review page and the request page."""
    if value is None or value == "":
        return ""
    if isinstance(spec, YesNoField):
        return "بله" if value is True else "خیر" if value is False else str(value)
    if isinstance(spec, ChoiceField):
        labels = {choice.value: choice.label for choice in spec.choices}
        return labels.get(str(value), str(value))
    if isinstance(spec, NumberField) and isinstance(value, int | float):
        text = _number_text(value)
        return f"{text} {spec.unit}" if spec.unit else text
    if isinstance(spec, TextField) and spec.pattern:
        return _fa(value)  # a code such as a licence number: digits and dashes
    return shown_value(spec, value)


class CaseForm(ServiceForm):
    """The service's form; ``only`` limits it to some fields (a correction round)."""

    def __init__(
        self,
        schema: list[Any],
        *args: Any,
        stored: dict[str, Any] | None = None,
        only: set[str] | None = None,
        **kwargs: Any,
    ) -> None:
        stored = stored or {}
        kwargs.setdefault(
            "initial", {spec.name: shown_value(spec, stored.get(spec.name)) for spec in schema}
        )
        super().__init__(*args, **kwargs)
        self.specs = {spec.name: spec for spec in schema if only is None or spec.name in only}
        for name, spec in self.specs.items():
            field: forms.Field = _BUILDERS[spec.type](spec)
            field.label = spec.label if spec.required else f"{spec.label} ({OPTIONAL})"
            field.help_text = _hint(spec)
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect | forms.Select):
                widget.attrs["class"] = f"form-control {widget.attrs.get('class', '')}".strip()
            self.fields[name] = field

    def answers(self) -> dict[str, Any]:
        """What was typed, for ``update_form``: answered fields only (a blank is not an answer)."""
        data = self.cleaned_data
        return {name: data[name] for name in self.specs if data.get(name) not in (None, "")}

    def blanks(self) -> list[str]:
        """Required fields of this form left blank."""
        data = self.cleaned_data
        return [
            name
            for name, spec in self.specs.items()
            if spec.required and data.get(name) in (None, "")
        ]


# --- Starting a request ---------------------------------------------------------------------


class StartForm(ServiceForm):
    """Which property: one of the user's own parcels, or any parcel by its renewal code.

    ``token`` is a one-time value put in the page when it is rendered: a double click (or a
    browser retry) posts it twice and still makes one draft.
    """

    service_fields = {"not_your_parcel": "renewal_code", "service_not_available_here": "parcel"}

    parcel = forms.CharField(required=False, max_length=40)
    renewal_code = forms.CharField(
        label="کد نوسازی ملک",
        required=False,
        max_length=40,
        help_text=f"۷ بخش با خط تیره، مانند {_ltr('۷-۱۲-۳۴-۵-۰-۰-۰')} (از فیش عوارض نوسازی)",
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "input-width-20",
            }
        ),
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "صفحه را تازه کنید و دوباره تلاش کنید."},
    )

    def __init__(self, *args: Any, choices: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parcel_choices = choices

    def chosen_code(self) -> str:
        """The renewal code asked for, or "" after adding an error saying what is missing."""
        data = self.cleaned_data
        picked = data.get("parcel", "")
        typed = data.get("renewal_code", "").strip()
        if picked and picked != OTHER_PARCEL:
            if picked not in self.parcel_choices:
                self.add_error("parcel", "این ملک در فهرست ملک‌های شما نیست.")
                return ""
            return str(picked)
        if typed:
            return str(typed)
        if picked == OTHER_PARCEL or not self.parcel_choices:
            self.add_error("renewal_code", "کد نوسازی ملک را بنویسید.")
        else:
            self.add_error("parcel", "ملک این درخواست را انتخاب کنید.")
        return ""


# --- The request page -----------------------------------------------------------------------


class MessageForm(ServiceForm):
    body = forms.CharField(
        label="پیام شما",
        max_length=4000,
        help_text="پرسش یا توضیح خود را برای کارشناس بنویسید (حداکثر ۴۰۰۰ نویسه).",
        error_messages={"required": "متن پیام را بنویسید."},
        widget=forms.Textarea(attrs={"rows": "4", "maxlength": "4000"}),
    )


class WithdrawForm(ServiceForm):
    reason = forms.CharField(
        label="دلیل انصراف (اختیاری)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": "3", "maxlength": "2000"}),
    )


class TrackForm(ServiceForm):
    """Public tracking: the code and the applicant's national ID (format checks only)."""

    tracking_code = forms.CharField(
        label="کد رهگیری",
        max_length=40,
        help_text=f"۱۲ رقم، مانند {_ltr('۱۲۳۴-۵۶۷۸-۹۰۱۲')}",
        error_messages={"required": "کد رهگیری را وارد کنید."},
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "input-width-20",
            }
        ),
    )
    national_id = national_id_field(
        "کد ملی متقاضی", help_text="کد ملی کسی که درخواست را ثبت کرده یا مالک ملک، ۱۰ رقم"
    )

    def clean_tracking_code(self) -> str:
        return parse_tracking_code(self.cleaned_data["tracking_code"])

    def clean_national_id(self) -> str:
        return validate_national_id(self.cleaned_data["national_id"])
