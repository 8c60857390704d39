"""The citizens' one form here: a renewal code (any digit script, any usual separator)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.html import format_html

from nama.accounts.forms import ServiceForm, text_field
from nama.core.identifiers import parse_renewal_code

# The example is isolated left to right: in Persian text a hyphenated number reads backwards.
CODE_HINT = format_html(
    'هفت بخش با خط تیره، مانند <bdi dir="ltr">{}</bdi> (منطقه، ناحیه، بلوک، قطعه، ساختمان، '
    "آپارتمان، مغازه). روی قبض عوارض نوسازی چاپ شده است.",
    "۷-۱-۳-۱۲-۰-۰-۰",
)


class RenewalCodeForm(ServiceForm):
    renewal_code = text_field(
        "کد نوسازی ملک",
        "کد نوسازی را بنویسید.",
        max_length=60,
        help_text=CODE_HINT,
        autocomplete="off",
        width="20",
        dir="ltr",
        spellcheck="false",
    )

    def clean_renewal_code(self) -> str:
        """The canonical code (ASCII digits joined by hyphens)."""
        try:
            return str(parse_renewal_code(self.cleaned_data["renewal_code"]))
        except ValidationError as error:
            raise ValidationError(error.messages) from error
