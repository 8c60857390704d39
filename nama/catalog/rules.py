"""The rules inside one service definition (no database): names unique, ranges ordered,
patterns valid, kind and fields consistent, fee rules known. Messages read ``path: message``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from nama.catalog.constants import (
    CATEGORY_LETTERS,
    DOCUMENT_TYPES,
    ELIGIBILITY_CHECKS,
    FEE_RULES,
    Applicant,
    Channel,
    ServiceKind,
    SubjectKind,
)
from nama.catalog.schema import (
    ChoiceField,
    DateField,
    NumberField,
    ServiceSpec,
    TextField,
    YesNoField,
)


def definition_problems(spec: ServiceSpec) -> list[str]:
    """Everything wrong inside a structurally valid definition (empty list: consistent)."""
    return [
        *_identity_problems(spec),
        *_kind_problems(spec),
        *_people_problems(spec),
        *_document_problems(spec),
        *_form_problems(spec),
        *_fee_problems(spec),
        *_eligibility_problems(spec),
        *_rollout_problems(spec),
    ]


def _twice(path: str, values: Iterable[str]) -> list[str]:
    counts = Counter(values)
    return [f"{path}: {value!r} is listed twice" for value, n in counts.items() if n > 1]


def _identity_problems(spec: ServiceSpec) -> list[str]:
    letter = CATEGORY_LETTERS[spec.category]
    if spec.code.startswith(letter):
        return []
    return [
        f"code: {spec.code!r} must start with {letter!r}, the letter of category "
        f"{spec.category.value!r}"
    ]


def _kind_problems(spec: ServiceSpec) -> list[str]:
    """A request is handled by a workflow; a self-service service is a page of its own."""
    if spec.kind == ServiceKind.REQUEST:
        checks = [
            (not spec.workflow, "workflow: a request names the workflow that handles it"),
            (
                spec.sla_working_days is None,
                "sla_working_days: a request needs its target in working days",
            ),
            (bool(spec.entry), "entry: only a self-service service has an entry page"),
        ]
    else:
        never = "a self-service service is not handled by staff, so it has no"
        checks = [
            (not spec.entry, "entry: a self-service service names its page (app:url_name)"),
            (bool(spec.workflow), f"workflow: {never} workflow"),
            (spec.sla_working_days is not None, f"sla_working_days: {never} target"),
            (bool(spec.documents), f"documents: {never} documents"),
            (bool(spec.form), f"form: {never} application form"),
        ]
    return [message for failed, message in checks if failed]


def _people_problems(spec: ServiceSpec) -> list[str]:
    problems = [
        *_twice("applicants", spec.applicants),
        *_twice("subjects", spec.subjects),
        *_twice("channels", spec.channels),
    ]
    if SubjectKind.NONE in spec.subjects and len(set(spec.subjects)) > 1:
        problems.append("subjects: 'none' cannot be combined with other subjects")
    partner_applies = Applicant.PARTNER in spec.applicants
    if partner_applies and Channel.PARTNER not in spec.channels:
        problems.append("channels: partner applicants need the 'partner' channel")
    if Channel.PARTNER in spec.channels and not partner_applies:
        problems.append("channels: the 'partner' channel needs 'partner' among the applicants")
    return problems


def _document_problems(spec: ServiceSpec) -> list[str]:
    problems = _twice("documents", (document.type for document in spec.documents))
    for document in spec.documents:
        where = f"documents.{document.type}"
        if document.title is None and document.type not in DOCUMENT_TYPES:
            problems.append(f"{where}.title: needed for a type outside DOCUMENT_TYPES")
        problems += _twice(f"{where}.formats", document.formats)
        problems += [
            f"{where}.applies_to: {who.value!r} is not among the applicants"
            for who in document.applies_to
            if who not in spec.applicants
        ]
    return problems


def _form_problems(spec: ServiceSpec) -> list[str]:
    problems = _twice("form", (field.name for field in spec.form))
    for field in spec.form:
        problems += _field_problems(f"form.{field.name}", field)
    return problems


def _field_problems(
    where: str, field: TextField | NumberField | ChoiceField | DateField | YesNoField
) -> list[str]:
    if isinstance(field, NumberField):
        return _range(where, "min", field.min, "max", field.max)
    if isinstance(field, DateField):
        return _range(
            where,
            "min_days_from_today",
            field.min_days_from_today,
            "max_days_from_today",
            field.max_days_from_today,
        )
    if isinstance(field, ChoiceField):
        return _twice(f"{where}.choices", (choice.value for choice in field.choices))
    if isinstance(field, TextField):
        return [
            *_range(where, "min_length", field.min_length, "max_length", field.max_length),
            *_pattern_problems(where, field.pattern),
        ]
    return []


def _range(
    where: str, low_name: str, low: float | None, high_name: str, high: float | None
) -> list[str]:
    if low is None or high is None or low <= high:
        return []
    return [f"{where}.{high_name}: {high} is less than {low_name} {low}"]


def _pattern_problems(where: str, pattern: str | None) -> list[str]:
    if pattern is None:
        return []
    try:
        re.compile(pattern, re.ASCII)
    except re.error as error:
        return [f"{where}.pattern: not a valid regular expression: {error}"]
    return []


def _fee_problems(spec: ServiceSpec) -> list[str]:
    return [
        *_twice("fees", spec.fees),
        *(
            f"fees: unknown fee rule {fee!r} (the known ones are FEE_RULES in "
            "nama/catalog/constants.py)"
            for fee in spec.fees
            if fee not in FEE_RULES
        ),
    ]


def _eligibility_problems(spec: ServiceSpec) -> list[str]:
    return [
        *_twice("eligibility", spec.eligibility),
        *(
            f"eligibility: unknown check {name!r} (the known ones are ELIGIBILITY_CHECKS in "
            "nama/catalog/constants.py)"
            for name in spec.eligibility
            if name not in ELIGIBILITY_CHECKS
        ),
    ]


def _rollout_problems(spec: ServiceSpec) -> list[str]:
    if not isinstance(spec.rollout, list):
        return []
    if not spec.rollout:
        return ["rollout: list at least one district, or say 'pilot' or 'all'"]
    return _twice("rollout", spec.rollout)
