"""The service definition format, and the checks that need nothing but the definition itself.

One YAML file per service in ``nama/catalog/data/services/``, named ``<code>_<slug>.yaml``
(``D15_building_permit.yaml``). The code keeps the domain reference's numbering (group letter
A–G + number 1–34; a new service continues from 35) and never changes: requests,
representations (``Representation.services``) and links use it. A short example::

    code: D15
    slug: building_permit
    category: permits              # Category; the code's letter must be the group's
    kind: request                  # or self_service (then `entry: app:url_name`, no workflow)
    title: پروانه ساختمان (احداث بنا)
    description: >-
      ...
    applicants: [owner, representative]        # Applicant
    subjects: [parcel]                         # SubjectKind
    channels: [online, counter]                # Channel
    workflow: construction_permit              # a workflow code (nama/workflow/data/)
    sla_working_days: 30                       # the whole request, staff time
    rollout: pilot                             # pilot | all | [d6, d7, nazhvan]
    documents:
      - {type: deed, formats: [pdf, jpg, png], max_size_mb: 5}
      - {type: power_of_attorney, applies_to: [representative], formats: [pdf], max_size_mb: 5}
    form:
      - {name: floors, label: تعداد طبقات, type: number, min: 1, max: 12}
      - name: use
        label: کاربری
        type: choice
        choices: [{value: residential, label: مسکونی}, {value: commercial, label: تجاری}]
    fees: [permit_residential_area, commercial_acceptance, expert_visit, vat]
    inspection_checklist:                      # what the inspector checks on the visit
      - {key: boundaries_match, label: حدود ملک با سند مطابقت دارد}
    escalation: reassign                       # overdue staff steps: notify | reassign

Form field types: ``text`` (min_length, max_length, pattern matched with ``re.ASCII`` after
digits are normalised, pattern_message), ``number`` (min, max, integer, unit), ``choice``
(choices of value + label), ``date`` (a Jalali date; min/max_days_from_today) and ``yes_no``.
A document lists its formats and size; ``applies_to`` limits it to some applicants (a power
of attorney only for representatives); its title comes from ``DOCUMENT_TYPES`` unless given.

``parse_service`` checks the shape (pydantic, unknown keys refused), ``rules.definition_problems``
the rules inside one definition, and ``validation`` the checks against the installation
(workflow, districts, service-level target). Every problem reads
``path: message`` with list items named by their name (``form.floors.max: …``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from nama.catalog.constants import (
    DOCUMENT_TYPES,
    ROLLOUT_ALL,
    ROLLOUT_PILOT,
    Applicant,
    Category,
    Channel,
    FileFormat,
    ServiceKind,
    SubjectKind,
)
from nama.core.text import normalize_persian

CODE_PATTERN = r"^[A-Z][0-9]{1,3}$"
SLUG_PATTERN = r"^[a-z][a-z0-9_]{1,49}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,49}$"
ENTRY_PATTERN = r"^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$"


class CatalogError(ValueError):
    """A definition that cannot be used; ``problems`` says what and where, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


Label = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(normalize_persian)]
Text = Annotated[str, Field(max_length=4000), AfterValidator(normalize_persian)]
Name = Annotated[str, Field(pattern=NAME_PATTERN)]


def _number(value: Any) -> Any:
    """One clear message instead of one per member of ``int | float``."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError("expected a number")


Number = Annotated[int | float | None, BeforeValidator(_number)]


def _rollout(value: Any) -> Any:
    if value in (ROLLOUT_PILOT, ROLLOUT_ALL):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValueError("expected 'pilot', 'all' or a list of district codes such as [d6, d7]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class DocumentSpec(_Strict):
    """A document the applicant uploads."""

    type: Name
    title: Label | None = None
    required: bool = True
    formats: list[FileFormat] = Field(min_length=1)
    max_size_mb: int = Field(ge=1, le=50)
    # Empty: every applicant; otherwise only these (a power of attorney: representatives).
    applies_to: list[Applicant] = Field(default_factory=list)
    note: Text = ""

    @property
    def label(self) -> str:
        return self.title or DOCUMENT_TYPES.get(self.type, self.type)


class _Field(_Strict):
    name: Name
    label: Label
    required: bool = True
    help: Text = ""


class TextField(_Field):
    type: Literal["text"]
    min_length: int | None = Field(default=None, ge=0)
    max_length: int = Field(default=200, ge=1, le=4000)
    pattern: str | None = None
    pattern_message: Text = ""
    multiline: bool = False


class NumberField(_Field):
    type: Literal["number"]
    min: Number = None
    max: Number = None
    integer: bool = True
    unit: str = ""


class Choice(_Strict):
    value: Name
    label: Label


class ChoiceField(_Field):
    type: Literal["choice"]
    choices: list[Choice] = Field(min_length=1)


class DateField(_Field):
    """A Jalali date; the bounds count days from the day the form is filled in."""

    type: Literal["date"]
    min_days_from_today: int | None = Field(default=None, ge=-36500, le=3650)
    max_days_from_today: int | None = Field(default=None, ge=-36500, le=3650)


class YesNoField(_Field):
    type: Literal["yes_no"]


FormField = Annotated[
    TextField | NumberField | ChoiceField | DateField | YesNoField, Field(discriminator="type")
]


class ChecklistItem(_Strict):
    """One thing the inspector checks on a field visit (yes / no, with a note)."""

    key: Name
    label: Label


class ServiceSpec(_Strict):
    """A validated service definition; immutable."""

    code: str = Field(pattern=CODE_PATTERN)
    slug: str = Field(pattern=SLUG_PATTERN)
    category: Category
    kind: ServiceKind
    title: Label
    description: Text = Field(min_length=1)
    applicants: list[Applicant] = Field(min_length=1)
    subjects: list[SubjectKind] = Field(min_length=1)
    channels: list[Channel] = Field(min_length=1)
    workflow: str | None = Field(default=None, pattern=NAME_PATTERN)
    entry: str | None = Field(default=None, pattern=ENTRY_PATTERN)
    sla_working_days: int | None = Field(default=None, ge=1, le=365)
    rollout: Annotated[str | list[str], BeforeValidator(_rollout)]
    documents: list[DocumentSpec] = Field(default_factory=list)
    form: list[FormField] = Field(default_factory=list)
    fees: list[str] = Field(default_factory=list)
    # Facts the request must satisfy before it can be submitted (e.g. renewal_duty_settled);
    # names from ELIGIBILITY_CHECKS, answered by the apps that own them.
    eligibility: list[str] = Field(default_factory=list)
    # What the inspector checks on a field visit (services whose workflow has one).
    inspection_checklist: list[ChecklistItem] = Field(default_factory=list)
    # When a staff step passes its deadline: tell the holder and the district manager
    # (notify), or also take the request back from its holder into the shared queue (reassign).
    escalation: Literal["notify", "reassign"] = "notify"

    @property
    def number(self) -> int:
        """The reference's running number (D15 → 15): the catalogue's order."""
        return int(self.code[1:])

    def body(self) -> dict[str, Any]:
        """What is stored and exported: the definition as given, text normalised."""
        return self.model_dump(mode="json", exclude_unset=True)


def parse_service(data: Any) -> ServiceSpec:
    """Check the shape of raw data (parsed YAML/JSON); raise ``CatalogError`` with paths."""
    if not isinstance(data, dict):
        raise CatalogError(["definition: expected a mapping at the top level"])
    try:
        return ServiceSpec.model_validate(data)
    except ValidationError as error:
        raise CatalogError(
            [f"{_path(item['loc'], data)}: {item['msg']}" for item in error.errors()]
        ) from error


def _item_name(item: Any) -> str | None:
    """A list item's name in messages: a form field's name, a document's type, a value."""
    if not isinstance(item, dict):
        return None
    for key in ("name", "type", "value"):
        value = item.get(key)
        if isinstance(value, str) and re.fullmatch(NAME_PATTERN, value):
            return value
    return None


def _path(loc: Iterable[int | str], data: Any) -> str:
    """pydantic's location → ``form.floors.max`` (items by name, union tags dropped)."""
    text, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = _item_name(item)
            text += f".{name}" if name else f"[{part}]"
            node = item
        elif isinstance(node, dict) and part not in node and part == node.get("type"):
            continue  # the tag of a form field's type
        else:
            text += f".{part}"
            node = node.get(part) if isinstance(node, dict) else None
    return text.lstrip(".") or "definition"
