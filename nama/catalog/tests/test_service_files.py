"""The 34 services of the domain reference are in the repository, one valid file each."""

from __future__ import annotations

import re

import pytest

from nama.catalog.constants import Applicant, Channel, ServiceKind
from nama.catalog.files import DATA_DIR, check_catalog, read_file
from nama.catalog.schema import (
    ChoiceField,
    DateField,
    NumberField,
    ServiceSpec,
    TextField,
    parse_service,
)
from nama.core.text import normalize_digits

SELF = (ServiceKind.SELF_SERVICE, None)
REQUEST = ServiceKind.REQUEST

# The reference's numbering (§3) with each service's kind and workflow.
EXPECTED = {
    "A1": SELF,
    "A2": (REQUEST, "property_link"),
    "A3": SELF,
    "A4": SELF,
    "B5": SELF,
    "B6": (REQUEST, "zoning_information"),
    "B7": SELF,
    "B8": SELF,
    "B9": SELF,
    "B10": SELF,
    "C11": (REQUEST, "inquiry"),
    "C12": (REQUEST, "inquiry"),
    "C13": (REQUEST, "inquiry"),
    "D14": (REQUEST, "construction_permit"),
    "D15": (REQUEST, "construction_permit"),
    "D16": (REQUEST, "construction_permit"),
    "D17": (REQUEST, "permit_change"),
    "D18": (REQUEST, "permit_change"),
    "D19": (REQUEST, "construction_permit"),
    "D20": (REQUEST, "permit_change"),
    "D21": (REQUEST, "permit_change"),
    "D22": (REQUEST, "construction_permit"),
    "D23": (REQUEST, "construction_permit"),
    "E24": (REQUEST, "engineer_registration"),
    "E25": (REQUEST, "engineer_registration"),
    "E26": (REQUEST, "completion_certificate"),
    "E27": (REQUEST, "completion_certificate"),
    "E28": (REQUEST, "completion_certificate"),
    "E29": (REQUEST, "permit_change"),
    "F30": (REQUEST, "construction_permit"),
    "F31": (REQUEST, "construction_permit"),
    "G32": SELF,
    "G33": SELF,
    "G34": SELF,
}
GROUPS = {"A": range(1, 5), "B": range(5, 11), "C": range(11, 14), "D": range(14, 24)}
GROUPS |= {"E": range(24, 30), "F": range(30, 32), "G": range(32, 35)}


def _specs() -> dict[str, ServiceSpec]:
    specs = [parse_service(read_file(path)) for path in sorted(DATA_DIR.glob("*.yaml"))]
    return {spec.code: spec for spec in specs}


@pytest.mark.django_db
def test_every_file_validates_against_the_workflows_and_districts() -> None:
    assert check_catalog() == []


def test_there_are_34_services_numbered_as_in_the_reference() -> None:
    specs = _specs()
    assert len(list(DATA_DIR.glob("*.yaml"))) == 34
    assert set(specs) == set(EXPECTED)
    assert sorted(spec.number for spec in specs.values()) == list(range(1, 35))
    for code, spec in specs.items():
        assert spec.number in GROUPS[code[0]], code


def test_each_file_is_named_by_code_and_slug() -> None:
    for path in DATA_DIR.glob("*.yaml"):
        spec = parse_service(read_file(path))
        assert path.name == f"{spec.code}_{spec.slug}.yaml"


def test_kinds_and_workflows_are_as_decided() -> None:
    assert {code: (spec.kind, spec.workflow) for code, spec in _specs().items()} == EXPECTED


def test_self_service_pages_are_named_and_requests_have_a_target() -> None:
    for code, spec in _specs().items():
        if spec.kind == ServiceKind.SELF_SERVICE:
            assert spec.entry, code
            assert (spec.documents, spec.form) == ([], []), code
        else:
            assert spec.sla_working_days, code
            assert spec.documents, code


def test_banks_and_notaries_ask_as_partners() -> None:
    specs = _specs()
    for code in ("C11", "C12", "C13"):
        assert specs[code].applicants == [Applicant.PARTNER], code
        assert specs[code].channels == [Channel.PARTNER], code


def test_a_representative_brings_a_power_of_attorney() -> None:
    for code, spec in _specs().items():
        if spec.kind != ServiceKind.REQUEST or Applicant.OWNER not in spec.applicants:
            continue
        attorney = {d.type: d for d in spec.documents}.get("power_of_attorney")
        assert attorney is not None, code
        assert attorney.applies_to == [Applicant.REPRESENTATIVE], code


def test_the_building_permit_form() -> None:
    fields = {field.name: field for field in _specs()["D15"].form}
    floors, use, licence, start = (
        fields["floors"],
        fields["use"],
        fields["designer_licence"],
        fields["start_date"],
    )
    assert isinstance(floors, NumberField)
    assert (floors.min, floors.max, floors.integer) == (1, 12, True)
    assert isinstance(use, ChoiceField)
    assert [c.value for c in use.choices] == [
        "residential",
        "commercial",
        "mixed",
        "office",
    ]
    assert isinstance(licence, TextField)
    assert licence.pattern is not None
    pattern = re.compile(licence.pattern, re.ASCII)
    assert pattern.fullmatch(normalize_digits("۱۴-۳۰۰-۰۱۲۳۴"))
    assert not pattern.fullmatch("14/300")
    assert isinstance(start, DateField)
    assert (start.min_days_from_today, start.max_days_from_today) == (0, 365)
    assert {"has_basement", "units", "total_floor_area"} <= set(fields)
