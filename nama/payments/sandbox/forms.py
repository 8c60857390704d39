"""The sandbox pay page's fake card form: prefilled with a test card, checked like a real one.

Cancelling needs no card; every other outcome presents it.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from nama.accounts.forms import ServiceForm
from nama.core.identifiers import validate_card_number
from nama.core.text import normalize_digits
from nama.payments.sandbox.bank import TEST_CARD, Outcome

OUTCOME_LABELS = {
    Outcome.SUCCESS: "پرداخت موفق",
    Outcome.CANCEL: "انصراف",
    Outcome.INSUFFICIENT_FUNDS: "موجودی ناکافی",
    Outcome.TIMEOUT: "پرداخت با تأخیر در تأیید",
}
TEST_VALUES = {"card_number": TEST_CARD, "cvv2": "123", "expiry": "12/09", "pin2": "123456"}

_CVV2 = re.compile(r"[0-9]{3,4}", re.ASCII)
_EXPIRY = re.compile(r"(0[1-9]|1[0-2])/[0-9]{2}", re.ASCII)
_PIN2 = re.compile(r"[0-9]{5,12}", re.ASCII)


def _numeric(
    label: str, *, autocomplete: str, max_length: int, secret: bool = False
) -> forms.Field:
    attrs = {"autocomplete": autocomplete, "inputmode": "numeric", "dir": "ltr"}
    widget = forms.PasswordInput(attrs, render_value=True) if secret else forms.TextInput(attrs)
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class PayForm(ServiceForm):
    # First, so that the card fields know whether they are needed.
    outcome = forms.ChoiceField(
        choices=list(OUTCOME_LABELS.items()),
        error_messages={"required": "یکی از دکمه‌ها را بزنید.", "invalid_choice": "نتیجهٔ نامعتبر."},
        widget=forms.HiddenInput,
    )
    card_number = _numeric("شمارهٔ کارت", autocomplete="cc-number", max_length=30)
    cvv2 = _numeric("CVV2", autocomplete="cc-csc", max_length=4)
    expiry = _numeric("تاریخ انقضا (ماه/سال)", autocomplete="cc-exp", max_length=5)
    pin2 = _numeric("رمز دوم", autocomplete="off", max_length=12, secret=True)

    def _paying(self) -> bool:
        return self.cleaned_data.get("outcome") not in {None, Outcome.CANCEL}

    def clean_card_number(self) -> str:
        value: str = self.cleaned_data["card_number"]
        return validate_card_number(value) if self._paying() else ""

    def clean_cvv2(self) -> str:
        return self._matching("cvv2", _CVV2, "CVV2 سه یا چهار رقم است.")

    def clean_expiry(self) -> str:
        return self._matching(
            "expiry", _EXPIRY, "تاریخ انقضا را به شکل ماه/سال بنویسید، مانند ۱۲/۰۹."
        )

    def clean_pin2(self) -> str:
        return self._matching("pin2", _PIN2, "رمز دوم ۵ تا ۱۲ رقم است.")

    def _matching(self, name: str, pattern: re.Pattern[str], message: str) -> str:
        value = normalize_digits(self.cleaned_data[name]).strip()
        if self._paying() and pattern.fullmatch(value) is None:
            raise ValidationError(message)
        return value
