"""`nama catalog check` finds every problem and says precisely where it is."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nama.catalog.files import check_catalog
from nama.catalog.tests.conftest import Edit, edit_file

pytestmark = pytest.mark.django_db

FILE = "D15_building_permit.yaml"


def _field(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(field for field in data["form"] if field["name"] == name)


def test_an_inconsistent_range_names_the_file_field_and_key(
    service_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: _field(data, "floors").update(max=0))

    assert check_catalog(service_dir) == [f"{FILE}: form.floors.max: 0 is less than min 1"]


def test_shape_errors_name_their_path(service_dir: Path, edit_service: Edit) -> None:
    def break_shape(data: dict[str, Any]) -> None:
        _field(data, "floors")["max"] = "many"
        _field(data, "use")["choices"] = []
        _field(data, "units")["maximum"] = 3
        data["documents"][0]["formats"] = ["pdf", "docx"]

    edit_service("D15", break_shape)

    assert check_catalog(service_dir) == [
        f"{FILE}: documents.deed.formats[1]: Input should be 'pdf', 'jpg', 'png' or 'dwg'",
        f"{FILE}: form.floors.max: Value error, expected a number",
        f"{FILE}: form.use.choices: List should have at least 1 item after validation, not 0",
        f"{FILE}: form.units.maximum: Extra inputs are not permitted",
    ]


def test_rules_inside_one_definition(service_dir: Path, edit_service: Edit) -> None:
    def break_rules(data: dict[str, Any]) -> None:
        data["documents"].append(dict(data["documents"][0]))
        data["documents"].append({"type": "contract", "formats": ["pdf"], "max_size_mb": 5})
        data["form"].append(dict(_field(data, "floors")))
        _field(data, "designer_licence")["pattern"] = "^[0-9"
        data["fees"].append("vta")
        data["channels"].append("partner")

    edit_service("D15", break_rules)

    problems = check_catalog(service_dir)
    assert f"{FILE}: documents: 'deed' is listed twice" in problems
    assert f"{FILE}: documents.contract.title: needed for a type outside DOCUMENT_TYPES" in problems
    assert f"{FILE}: form: 'floors' is listed twice" in problems
    assert any(
        line.startswith(f"{FILE}: form.designer_licence.pattern: not a valid regular expression")
        for line in problems
    )
    assert any(line.startswith(f"{FILE}: fees: unknown fee rule 'vta'") for line in problems)
    assert (
        f"{FILE}: channels: the 'partner' channel needs 'partner' among the applicants" in problems
    )


def test_an_unknown_workflow_is_refused(service_dir: Path, edit_service: Edit) -> None:
    edit_service("D15", lambda data: data.update(workflow="construction"))

    (problem,) = check_catalog(service_dir)
    assert problem.startswith(f"{FILE}: workflow: unknown workflow 'construction' (known: ")
    assert "construction_permit" in problem


def test_the_target_must_cover_the_staff_deadlines(service_dir: Path, edit_service: Edit) -> None:
    edit_service("D15", lambda data: data.update(sla_working_days=10))

    assert check_catalog(service_dir) == [
        f"{FILE}: sla_working_days: 10 is less than the 20 working days workflow "
        "'construction_permit' gives its staff on the way to 'issued' (document_check 2 + "
        "visit 7 + technical_review 5 + fee_assessment 2 + drafting 2 + signature 2)"
    ]


def test_a_workflow_change_that_breaks_a_target_is_found(
    service_dir: Path, workflow_dir: Path
) -> None:
    def slower(data: dict[str, Any]) -> None:
        review = next(s for s in data["states"] if s["code"] == "technical_review")
        review["deadline_days"] = 14

    edit_file(workflow_dir / "construction_permit.yaml", slower)

    problems = check_catalog(service_dir, workflow_dir)
    # 2 + 7 + 14 + 2 + 2 + 2 = 29: the 20- and 25-day services fail, the 30-day ones pass.
    assert sorted(line.split(":")[0] for line in problems) == [
        "D14_site_plan_order.yaml",
        "D19_permit_reissue.yaml",
        "D22_walling_permit.yaml",
        "D23_repair_permit.yaml",
    ]


def test_a_broken_workflow_file_is_reported_with_its_services(
    service_dir: Path, workflow_dir: Path
) -> None:
    edit_file(workflow_dir / "inquiry.yaml", lambda data: data.update(start="nowhere"))

    problems = check_catalog(service_dir, workflow_dir)
    assert "inquiry.yaml: start: unknown state 'nowhere'" in problems
    assert any(
        line.startswith("C11_bank_inquiry.yaml: workflow: 'inquiry' does not validate")
        for line in problems
    )


def test_self_service_and_identity_rules(service_dir: Path, edit_service: Edit) -> None:
    edit_service("B5", lambda data: data.update(workflow="inquiry", category="duties"))

    assert check_catalog(service_dir) == [
        "B5_gis_maps.yaml: code: 'B5' must start with 'G', the letter of category 'duties'",
        "B5_gis_maps.yaml: workflow: a self-service service is not handled by staff, so it has "
        "no workflow",
    ]


def test_an_explicit_rollout_names_existing_districts(
    service_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: data.update(rollout=["d6", "d99"]))

    (problem,) = check_catalog(service_dir)
    assert problem.startswith(f"{FILE}: rollout: unknown or inactive district 'd99' (known: ")


def test_file_names_yaml_and_duplicates(service_dir: Path) -> None:
    (service_dir / "D15_building_permit.yaml").rename(service_dir / "D15_permit.yaml")
    (service_dir / "Z99_broken.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    text = (service_dir / "D16_reconstruction_permit.yaml").read_text(encoding="utf-8")
    (service_dir / "D16_reconstruction_permit_copy.yaml").write_text(
        text.replace("slug: reconstruction_permit", "slug: reconstruction_permit_copy"),
        encoding="utf-8",
    )

    problems = check_catalog(service_dir)
    assert (
        "D15_permit.yaml: the file name must be <code>_<slug>: D15_building_permit.yaml" in problems
    )
    assert any(line.startswith("Z99_broken.yaml: not valid YAML:") for line in problems)
    assert (
        "D16_reconstruction_permit_copy.yaml: code 'D16' is already used by "
        "D16_reconstruction_permit.yaml" in problems
    )


def test_the_command_prints_every_problem_and_exits_1(
    service_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: _field(data, "floors").update(max=0))
    edit_service("C11", lambda data: data.update(workflow="nope"))
    stdout, stderr = StringIO(), StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("catalog", "check", "--dir", str(service_dir), stdout=stdout, stderr=stderr)

    assert failed.value.returncode == 1
    assert str(failed.value) == "2 problem(s)"
    assert f"{FILE}: form.floors.max: 0 is less than min 1" in stderr.getvalue()
    assert "C11_bank_inquiry.yaml: workflow: unknown workflow 'nope'" in stderr.getvalue()


def test_the_command_says_when_all_is_well() -> None:
    stdout = StringIO()
    call_command("catalog", "check", stdout=stdout)
    assert stdout.getvalue() == "catalogue: every definition is valid\n"


def test_an_unknown_eligibility_check_is_refused(
    service_dir: Path, workflow_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: data.update(eligibility=["moon_is_full"]))
    problems = check_catalog(service_dir, workflow_dir)
    assert any("eligibility: unknown check 'moon_is_full'" in line for line in problems)
