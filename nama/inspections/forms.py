"""Parsing the inspection pages' forms (the services validate)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from nama.catalog.schema import ChecklistItem
from nama.districts.models import District
from nama.inspections.constants import BUILT_AREA_BY_FLOOR, DESK_FIELDS, MEASURES, USES, VIOLATIONS
from nama.inspections.selectors.oversight import DEFAULT_PERIOD, PERIODS
from nama.inspections.services import DraftIn

YES, NO = "yes", "no"
VALUE_FIELDS = [key for key in MEASURES if key != "built_area"] + [VIOLATIONS]


def _revision(post: QueryDict) -> int:
    raw = str(post.get("revision", "0"))
    return int(raw) if raw.isascii() and raw.isdigit() else -1


def draft_from_post(post: QueryDict, items: list[ChecklistItem]) -> DraftIn:
    """The report form as typed (names as in ``report.html``)."""
    values: dict[str, Any] = {name: post.get(name, "") for name in VALUE_FIELDS}
    values[BUILT_AREA_BY_FLOOR] = post.getlist(BUILT_AREA_BY_FLOOR)
    checklist = {
        item.key: {
            "ok": {YES: True, NO: False}.get(str(post.get(f"check_{item.key}", ""))),
            "note": post.get(f"note_{item.key}", ""),
        }
        for item in items
    }
    return DraftIn(
        revision=_revision(post),
        values=values,
        checklist=checklist,
        notes=str(post.get("notes", "")),
    )


USE_CHOICES = [("", "انتخاب کنید"), *USES.items()]


class DeskForm(forms.Form):
    """Figures read from the request's documents; any digit script."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in DESK_FIELDS.items():
            measure = MEASURES[key]
            if key == "use":
                self.fields[key] = forms.ChoiceField(
                    label=label,
                    choices=USE_CHOICES,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                continue
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=20,
                help_text=measure.unit,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "form-control input-width-10"}
                ),
            )


class OversightForm(forms.Form):
    district = forms.ModelChoiceField(
        label="منطقه",
        queryset=District.objects.none(),
        required=False,
        empty_label="همهٔ مناطق",
        to_field_name="number",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    period = forms.ChoiceField(
        label="دوره",
        choices=[(key, label) for key, (label, _days) in PERIODS.items()],
        required=False,
        initial=DEFAULT_PERIOD,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        if isinstance(district, forms.ModelChoiceField):
            district.queryset = districts
