"""Forms of the account pages. They only parse what was typed; the services validate.

Each form knows where a service's refusal belongs (``add_service_error``): a
``ValidationError`` keyed by field, one whose code names a field (``national_id_checksum`` →
``national_id``), or an ``ApiError`` whose code is mapped in ``service_fields``. Anything else
is shown above the form.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorList

from nama.core.jalali import parse_jalali_date
from nama.core.problems import ApiError
from nama.core.text import normalize_digits

SCOPE_ALL = "all"
SCOPE_LISTED = "listed"


class FieldErrorList(ErrorList):
    """Errors with a hidden «خطا:» prefix, so a screen reader says what they are."""

    template_name = "accounts/forms/errors.html"


class ServiceForm(forms.Form):
    """A form whose values go to one service; the service's errors come back onto it."""

    # A service's error key or ApiError code → the field it concerns ("" = the whole form).
    service_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", FieldErrorList)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                widget.attrs["class"] = f"form-control {widget.attrs.get('class', '')}".strip()

    def add_service_error(self, error: ValidationError | ApiError) -> None:
        """Show a service's refusal next to the field it is about."""
        if isinstance(error, ApiError):
            self._add(self.service_fields.get(error.code, ""), [error.detail])
            for key, messages in error.errors.items():
                self._add(self._field_for(key), messages)
        elif hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                self._add(self._field_for(key), messages)
        else:
            for item in error.error_list:
                self._add(self._field_for(item.code or ""), item.messages)

    def _field_for(self, key: str) -> str:
        if key in self.service_fields:
            return self.service_fields[key]
        if key in self.fields:
            return key
        # Identifier validators name their errors <field>_<problem>: national_id_checksum.
        return next((name for name in self.fields if key.startswith(f"{name}_")), "")

    def _add(self, field: str, messages: list[str]) -> None:
        if field and field in self.errors:
            return  # the form's own message about this field is already there
        self.add_error(field or None, ValidationError(messages))

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top of the page."""
        items: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            anchor = "" if name == NON_FIELD_ERRORS else f"#{self[name].auto_id}"
            items.extend((anchor, str(message)) for message in errors)
        return items


def _attrs(
    *, autocomplete: str, numeric: bool = False, width: str = "", **extra: str
) -> dict[str, str]:
    attrs = {"autocomplete": autocomplete, **extra}
    if numeric:
        attrs.update(inputmode="numeric", dir="ltr", spellcheck="false")
    if width:
        attrs["class"] = f"input-width-{width}"
    return attrs


def text_field(
    label: str,
    required: str,
    *,
    max_length: int = 100,
    help_text: str = "",
    **attrs: Any,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": required},
        widget=forms.TextInput(attrs=_attrs(**attrs)),
    )


def password_field(
    label: str, required: str, *, autocomplete: str, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=128,
        strip=False,
        help_text=help_text,
        error_messages={"required": required},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "dir": "ltr"}),
    )


def national_id_field(
    label: str = "کد ملی", *, autocomplete: str = "off", help_text: str = ""
) -> forms.CharField:
    return text_field(
        label,
        "کد ملی را وارد کنید.",
        max_length=20,
        help_text=help_text or "۱۰ رقم، بدون خط تیره",
        autocomplete=autocomplete,
        numeric=True,
        width="10",
    )


def mobile_field(
    label: str = "شماره همراه", *, autocomplete: str = "tel-national"
) -> forms.CharField:
    return text_field(
        label,
        "شماره همراه را وارد کنید.",
        max_length=20,
        help_text="مانند ۰۹۱۲۳۴۵۶۷۸۹",
        autocomplete=autocomplete,
        numeric=True,
        width="11",
        type="tel",
    )


def code_field() -> forms.CharField:
    return text_field(
        "کد تأیید",
        "کد شش‌رقمی پیامک‌شده را وارد کنید.",
        max_length=12,
        help_text="کد شش‌رقمی که پیامک شد",
        autocomplete="one-time-code",
        numeric=True,
        width="code",
    )


NEW_PASSWORD_HINT = "دست‌کم ۱۰ نویسه؛ فقط عدد نباشد و به نام یا کد ملی شما شبیه نباشد."  # noqa: S105


class JalaliDateField(forms.Field):
    """A Jalali date typed as ۱۳۷۰/۰۵/۱۲ (any digit script) → a Gregorian ``date``."""

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()[:40]
        return parse_jalali_date(text) if text else None


def jalali_date_field(label: str, required: str, *, help_text: str) -> JalaliDateField:
    # Browsers autofill dates in the Gregorian calendar: autocomplete is off for this one.
    attrs = _attrs(autocomplete="off", dir="ltr", width="10", maxlength="20")
    return JalaliDateField(
        label=label,
        help_text=help_text,
        error_messages={"required": required},
        widget=forms.TextInput(attrs=attrs),
    )


class ConfirmedPasswordMixin(forms.Form):
    """The new password typed twice; comparing the two is parsing, not a password rule."""

    password_field_name: ClassVar[str] = "new_password"  # noqa: S105 - a field name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get(self.password_field_name)
        if first and data.get("password_confirm") and first != data["password_confirm"]:
            self.add_error("password_confirm", "تکرار گذرواژه با خود آن یکی نیست.")
        return data


# --- Registration and sign-in -----------------------------------------------------------------


class RegistrationForm(ConfirmedPasswordMixin, ServiceForm):
    password_field_name = "password"  # noqa: S105 - a field name

    national_id = national_id_field(
        autocomplete="username", help_text="کد ملی نام کاربری شما هم هست."
    )
    mobile = mobile_field(autocomplete="tel-national")
    first_name = text_field("نام", "نام را وارد کنید.", autocomplete="given-name")
    last_name = text_field("نام خانوادگی", "نام خانوادگی را وارد کنید.", autocomplete="family-name")
    birth_date = jalali_date_field(
        "تاریخ تولد", "تاریخ تولد را وارد کنید.", help_text="به شکل سال/ماه/روز، مانند ۱۳۷۰/۰۵/۱۲"
    )
    password = password_field(
        "گذرواژه", "گذرواژه را وارد کنید.", autocomplete="new-password", help_text=NEW_PASSWORD_HINT
    )
    password_confirm = password_field(
        "تکرار گذرواژه", "گذرواژه را دوباره وارد کنید.", autocomplete="new-password"
    )

    # Stands in for a birth date that did not parse, so the service still checks the other
    # fields; its verdict on this value is dropped because the field already has an error.
    STAND_IN_BIRTH_DATE: ClassVar[date] = date(1990, 1, 1)

    def registration_fields(self) -> dict[str, Any]:
        """What ``clean_registration`` takes, from whatever parsed."""
        data = self.cleaned_data
        return {
            "national_id": data.get("national_id", ""),
            "mobile": data.get("mobile", ""),
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "birth_date": data.get("birth_date") or self.STAND_IN_BIRTH_DATE,
            "password": data.get("password", ""),
        }


class LoginForm(ServiceForm):
    identifier = text_field(
        "کد ملی یا نام کاربری",
        "کد ملی (یا نام کاربری کارکنان) را وارد کنید.",
        max_length=150,
        help_text="شهروندان: کد ملی. کارکنان شهرداری و همکاران: نام کاربری",
        autocomplete="username",
        dir="ltr",
        spellcheck="false",
        autocapitalize="none",
        width="20",
    )
    password = password_field("گذرواژه", "گذرواژه را وارد کنید.", autocomplete="current-password")


class CodeRequestForm(ServiceForm):
    """National ID and mobile: asks for a sign-in or password-reset code."""

    national_id = national_id_field(autocomplete="username")
    mobile = mobile_field("شماره همراه ثبت‌شده در حساب")


class CodeForm(ServiceForm):
    code = code_field()


class SecondFactorForm(ServiceForm):
    service_fields = {"invalid_second_factor": "token"}

    token = text_field(
        "کد برنامهٔ احراز هویت",
        "کد شش‌رقمی برنامهٔ احراز هویت را وارد کنید.",
        max_length=12,
        help_text="کد شش‌رقمی که برنامه (مانند Google Authenticator) همین حالا نشان می‌دهد",
        autocomplete="one-time-code",
        numeric=True,
        width="code",
    )


class EnrollmentForm(SecondFactorForm):
    service_fields = {"invalid_second_factor": "token", "invalid_code": "sms_code"}

    sms_code = code_field()


# --- Passwords and mobile -----------------------------------------------------------------------


class PasswordResetForm(ConfirmedPasswordMixin, ServiceForm):
    code = code_field()
    new_password = password_field(
        "گذرواژهٔ تازه",
        "گذرواژهٔ تازه را وارد کنید.",
        autocomplete="new-password",
        help_text=NEW_PASSWORD_HINT,
    )
    password_confirm = password_field(
        "تکرار گذرواژهٔ تازه", "گذرواژهٔ تازه را دوباره وارد کنید.", autocomplete="new-password"
    )


class PasswordChangeForm(ConfirmedPasswordMixin, ServiceForm):
    old_password = password_field(
        "گذرواژهٔ فعلی", "گذرواژهٔ فعلی را وارد کنید.", autocomplete="current-password"
    )
    new_password = password_field(
        "گذرواژهٔ تازه",
        "گذرواژهٔ تازه را وارد کنید.",
        autocomplete="new-password",
        help_text=NEW_PASSWORD_HINT,
    )
    password_confirm = password_field(
        "تکرار گذرواژهٔ تازه", "گذرواژهٔ تازه را دوباره وارد کنید.", autocomplete="new-password"
    )


class MobileChangeForm(ServiceForm):
    service_fields = {"new_mobile": "mobile", "invalid_password": "password"}

    mobile = mobile_field("شماره همراه تازه")
    password = password_field(
        "گذرواژه",
        "برای تغییر شماره، گذرواژهٔ خود را وارد کنید.",
        autocomplete="current-password",
        help_text="برای اطمینان از این‌که خودتان هستید",
    )


# --- Representation and companies ---------------------------------------------------------------


def parse_service_codes(text: str) -> list[str]:
    """«d15، D16 d17» → ["D15", "D16", "D17"]: commas (Latin or Persian) or spaces separate."""
    normalized = normalize_digits(text or "").replace("،", ",").replace(",", " ")
    return [code.upper() for code in normalized.split()]


class RepresentationForm(ServiceForm):
    service_fields = {"representative": "", "expires_at": "expires_on"}

    national_id = national_id_field("کد ملی نماینده")
    mobile = mobile_field("شماره همراه نماینده", autocomplete="off")
    scope = forms.ChoiceField(
        label="در چه خدماتی",
        choices=[(SCOPE_ALL, "همهٔ خدمات"), (SCOPE_LISTED, "فقط خدمت‌هایی که نام می‌برم")],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "دامنهٔ نمایندگی را انتخاب کنید."},
    )
    services = forms.CharField(
        label="کد خدمت‌ها",
        required=False,
        max_length=400,
        help_text="با ویرگول جدا کنید، مانند D15، D16",
        widget=forms.TextInput(attrs=_attrs(autocomplete="off", dir="ltr", width="20")),
    )
    expires_on = jalali_date_field(
        "پایان اعتبار",
        "تاریخ پایان اعتبار را وارد کنید.",
        help_text="به شکل سال/ماه/روز؛ دست‌کم فردا و حداکثر دو سال دیگر",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        listed = parse_service_codes(data.get("services", ""))
        if data.get("scope") == SCOPE_LISTED and not listed:
            # Without this, an empty list would silently mean «every service».
            self.add_error("services", "دست‌کم یک کد خدمت بنویسید یا «همهٔ خدمات» را برگزینید.")
        data["service_codes"] = listed if data.get("scope") == SCOPE_LISTED else []
        return data


class LegalPersonForm(ServiceForm):
    legal_id = text_field(
        "شناسهٔ ملی شخص حقوقی",
        "شناسهٔ ملی را وارد کنید.",
        max_length=20,
        help_text="۱۱ رقم، روی آگهی تأسیس یا کارت شناسهٔ ملی",
        autocomplete="off",
        numeric=True,
        width="11",
    )
    name = text_field(
        "نام شرکت یا مؤسسه", "نام را وارد کنید.", max_length=250, autocomplete="organization"
    )
    title = text_field(
        "سمت شما",
        "سمت خود را بنویسید.",
        help_text="مانند مدیرعامل یا عضو هیئت‌مدیره",
        autocomplete="organization-title",
    )


class AgentForm(ServiceForm):
    national_id = national_id_field("کد ملی نمایندهٔ تازه")
    mobile = mobile_field("شماره همراه او", autocomplete="off")
    title = text_field(
        "سمت او", "سمت نماینده را بنویسید.", help_text="مانند وکیل یا کارشناس", autocomplete="off"
    )
