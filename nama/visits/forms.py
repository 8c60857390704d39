"""Forms of the visit pages. They parse the chosen slot and the reason; the services decide
whether the slot is offered and free (and say why not, in Persian)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from nama.accounts.forms import ServiceForm
from nama.core.jalali import TEHRAN

CHOOSE_SLOT = "یکی از نوبت‌های بازدید را انتخاب کنید."
WRITE_REASON = "دلیل جابه‌جایی را بنویسید؛ متقاضی آن را می‌خواند."


class SlotForm(ServiceForm):
    """The chosen slot: its start as the picker sends it (ISO 8601 with the offset)."""

    # A refusal about the slot itself belongs next to the picker; others above the form.
    service_fields = {"slot_full": "starts_at"}

    starts_at = forms.CharField(
        label="زمان بازدید",
        max_length=40,
        error_messages={"required": CHOOSE_SLOT},
        widget=forms.HiddenInput,
    )

    def clean_starts_at(self) -> datetime:
        raw = self.cleaned_data["starts_at"]
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError as error:
            raise ValidationError(CHOOSE_SLOT) from error
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=TEHRAN)


class RescheduleForm(SlotForm):
    reason = forms.CharField(
        label="دلیل جابه‌جایی",
        max_length=1000,
        help_text="متقاضی این دلیل را در پیامک و صفحهٔ درخواستش می‌خواند.",
        error_messages={"required": WRITE_REASON},
        widget=forms.Textarea(attrs={"rows": "3"}),
    )
