"""Forms of the staff pages. They parse what was typed; the services validate.

``QueueFilterForm`` reads the queue's GET parameters (a value that is not offered is ignored,
never an error). ``ActionForm`` is built from a workflow action's inputs as the staff case
file describes them (``nama.staff.casefile.ActionInput``): text, choice, number, date
(Jalali), yes/no, and the two lists a correction names — the service's form fields and the
request's document slots.
"""

from __future__ import annotations

from typing import Any

from django import forms

from nama.accounts.forms import ServiceForm
from nama.core.forms import Choices, filter_select
from nama.core.text import normalize_digits
from nama.staff.casefile import ActionInput, StaffAction
from nama.staff.selectors import QueueFilters

ALL = "همه"
OPTIONAL = "اختیاری"
CHOOSE = "یکی از گزینه‌ها را انتخاب کنید."
MAX_RADIOS = 6

HOLDER_CHOICES: Choices = [("", ALL), ("me", "در دست من"), ("unassigned", "بدون مسئول")]
CHANNEL_CHOICES: Choices = [
    ("", ALL),
    ("online", "برخط"),
    ("counter", "پیشخوان"),
    ("partner", "سازمان همکار"),
]
SCOPE_MINE = "mine"
SCOPE_DISTRICT = "district"
SCOPE_CHOICES: Choices = [
    (SCOPE_MINE, "کارتابل من"),
    (SCOPE_DISTRICT, "همهٔ کارهای منطقه"),
]


class QueueFilterForm(forms.Form):
    """The queue's filters and search (GET); ``filters()`` gives the selector's ``QueueFilters``."""

    q = forms.CharField(
        label="جستجو",
        required=False,
        max_length=40,
        help_text="کد رهگیری، کد نوسازی ملک یا کد ملی (رقم فارسی هم پذیرفته است)",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "dir": "auto",
                "autocomplete": "off",
                "spellcheck": "false",
                "id": "queue-q",
            }
        ),
    )
    overdue = forms.BooleanField(
        label="فقط گذشته از مهلت",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "id": "queue-overdue"}),
    )

    def __init__(
        self, data: Any, *, services: Choices, states: Choices, manager: bool = False
    ) -> None:
        super().__init__(data)
        selects = {
            "service": ("خدمت", [("", ALL), *services]),
            "state": ("مرحله", [("", ALL), *states]),
            "channel": ("کانال", CHANNEL_CHOICES),
            "holder": ("مسئول", HOLDER_CHOICES),
        }
        if manager:
            selects["scope"] = ("دامنه", SCOPE_CHOICES)
        self.allowed: dict[str, set[str]] = {}
        for name, (label, choices) in selects.items():
            self.fields[name] = filter_select(label, choices, f"queue-{name}")
            self.allowed[name] = {value for value, _label in choices}
        self.order_fields(["q", "scope", "service", "state", "channel", "holder", "overdue"])

    def _value(self, name: str) -> str:
        """The submitted value when it is one of the field's choices; "" otherwise."""
        raw = self.data.get(name, "") if self.data else ""
        return raw if isinstance(raw, str) and raw in self.allowed.get(name, set()) else ""

    def filters(self) -> QueueFilters:
        search = self.data.get("q", "") if self.data else ""
        holder = self._value("holder")
        return QueueFilters(
            service=self._value("service"),
            state=self._value("state"),
            channel=self._value("channel"),
            overdue=bool(self.data.get("overdue")) if self.data else False,
            holder="me" if holder == "me" else "unassigned" if holder == "unassigned" else "",
            search=normalize_digits(str(search))[:40].strip(),
        )

    @property
    def scope(self) -> str:
        return self._value("scope") or SCOPE_MINE

    @property
    def active(self) -> bool:
        """Is any filter or search in use (the empty-state text says so)?"""
        f = self.filters()
        return bool(f.service or f.state or f.channel or f.overdue or f.holder or f.search)


class NoteForm(ServiceForm):
    """A message on the request: an internal note (staff only) or a message to the applicant."""

    body = forms.CharField(
        label="متن",
        max_length=4000,
        error_messages={"required": "متن را بنویسید."},
        widget=forms.Textarea(attrs={"rows": "3", "maxlength": "4000"}),
    )
    audience = forms.ChoiceField(
        label="گیرنده",
        choices=[
            ("internal", "یادداشت داخلی — فقط کارکنان می‌بینند"),
            ("applicant", "پیام به متقاضی"),
        ],
        initial="internal",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )

    @property
    def internal(self) -> bool:
        return bool(self.cleaned_data.get("audience") != "applicant")


# --- A workflow action's inputs -------------------------------------------------------------

YES_NO: Choices = [("yes", "بله"), ("no", "خیر")]
CONFIRM = "confirm"


def _text(item: ActionInput) -> forms.Field:
    return forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": "3", "maxlength": "2000", "class": "form-control"}),
    )


def _options(item: ActionInput) -> Choices:
    return [(choice.value, choice.label) for choice in item.choices]


def _choice(item: ActionInput) -> forms.Field:
    choices = _options(item)
    widget: forms.Widget
    if len(choices) <= MAX_RADIOS:
        widget = forms.RadioSelect(attrs={"class": "form-check-input"})
    else:
        widget = forms.Select(attrs={"class": "form-select"})
        choices = [("", "انتخاب کنید"), *choices]
    return forms.ChoiceField(
        required=False, choices=choices, widget=widget, error_messages={"invalid_choice": CHOOSE}
    )


def _short(placeholder: str = "", mode: str = "decimal") -> forms.Field:
    attrs = {"dir": "ltr", "inputmode": mode, "autocomplete": "off", "maxlength": "20"}
    attrs["class"] = "form-control input-width-10"
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.CharField(required=False, max_length=20, widget=forms.TextInput(attrs=attrs))


def _number(item: ActionInput) -> forms.Field:
    return _short()


def _date(item: ActionInput) -> forms.Field:
    field = _short("۱۴۰۵/۰۱/۰۱", mode="numeric")
    field.help_text = "تاریخ شمسی به شکل سال/ماه/روز"
    return field


def _yes_no(item: ActionInput) -> forms.Field:
    return forms.ChoiceField(
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "بله یا خیر را انتخاب کنید."},
    )


def _names(item: ActionInput) -> forms.Field:
    return forms.MultipleChoiceField(
        required=False,
        choices=_options(item),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "این مورد در فهرست نیست."},
    )


_BUILDERS = {
    "text": _text,
    "choice": _choice,
    "number": _number,
    "date": _date,
    "yes_no": _yes_no,
    "fields": _names,
    "documents": _names,
}


class ActionForm(ServiceForm):
    """The inputs one workflow action asks for (``casefile.StaffAction``); the engine checks
    them (``nama.workflow.inputs.clean_inputs``). The ``fields`` and ``documents`` kinds are
    checkboxes of the service's form fields and of the request's document slots."""

    def __init__(self, action: StaffAction, data: Any = None) -> None:
        super().__init__(data, prefix=action.action)
        self.action = action
        for item in action.inputs:
            field = _BUILDERS[item.kind](item)
            field.label = item.label if item.required else f"{item.label} ({OPTIONAL})"
            self.fields[item.name] = field
        if action.confirm:
            self.fields[CONFIRM] = forms.BooleanField(
                label=f"از «{action.label}» مطمئنم؛ این کار بازگشت ندارد.",
                error_messages={"required": "برای انجام این اقدام، تأیید را بزنید."},
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def inputs(self) -> dict[str, Any]:
        """What was given, for ``nama.cases.services.act`` (blanks left out)."""
        values: dict[str, Any] = {}
        for item in self.action.inputs:
            value = self.cleaned_data.get(item.name)
            if value in (None, "", []):
                continue
            values[item.name] = value == "yes" if item.kind == "yes_no" else value
        return values
