"""Forms of the counter pages. They parse what the clerk typed; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms

from nama.accounts.forms import ServiceForm, mobile_field, national_id_field, text_field


def _ltr(text: str) -> str:
    return f"\u2066{text}\u2069"


class NationalIdForm(ServiceForm):
    """Step one: whom the request is for."""

    service_fields = {"not_a_citizen_account": "national_id", "account_disabled": "national_id"}

    national_id = national_id_field(
        "کد ملی شهروند", help_text="از کارت ملی شهروند، ۱۰ رقم (رقم فارسی یا انگلیسی)"
    )


class NewCitizenForm(ServiceForm):
    """A citizen without an account: the details the clerk reads from the national card."""

    first_name = text_field("نام", "نام شهروند را وارد کنید.", autocomplete="off")
    last_name = text_field("نام خانوادگی", "نام خانوادگی شهروند را وارد کنید.", autocomplete="off")
    mobile = mobile_field("شماره همراه شهروند", autocomplete="off")


class RequestStartForm(ServiceForm):
    """The property (by renewal code) and the service; ``token`` makes a double click harmless."""

    service_fields = {
        "service_not_found": "service",
        "service_not_at_counter": "service",
        "service_not_available_here": "service",
        "parcel_not_found": "renewal_code",
        "parcel_outside_district": "renewal_code",
        "not_the_owner": "renewal_code",
        "not_your_parcel": "renewal_code",
    }

    renewal_code = forms.CharField(
        label="کد نوسازی ملک",
        max_length=40,
        help_text=f"۷ بخش با خط تیره، مانند {_ltr('۷-۱۲-۳۴-۵-۰-۰-۰')} (از فیش عوارض نوسازی)",
        error_messages={"required": "کد نوسازی ملک را بنویسید."},
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "input-width-20",
            }
        ),
    )
    service = forms.CharField(
        label="خدمت",
        max_length=10,
        error_messages={"required": "خدمت درخواستی را انتخاب کنید."},
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "صفحه را تازه کنید و دوباره تلاش کنید."},
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The list only helps the clerk choose; the service decides what may be registered.
        self.fields["service"].widget = forms.Select(
            choices=[("", "انتخاب کنید"), *services], attrs={"class": "form-select"}
        )
