"""Small form helpers shared by the staff pages' filter forms."""

from __future__ import annotations

from django import forms

Choices = list[tuple[str, str]]


def filter_select(label: str, choices: Choices, field_id: str) -> forms.ChoiceField:
    """An optional select of a GET filter form (a value not offered is ignored)."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.Select(attrs={"class": "form-select", "id": field_id}),
    )
