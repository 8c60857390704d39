"""A version moves between installations as an export file: checked, then a new version."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nama.catalog.constants import VersionSource
from nama.catalog.files import SyncReport
from nama.catalog.models import Service, ServiceVersion
from nama.catalog.schema import CatalogError
from nama.catalog.services import checksum, publish_service
from nama.catalog.transfer import FORMAT, export_version, import_version

pytestmark = pytest.mark.django_db


def _current(code: str = "D15") -> ServiceVersion:
    version = Service.objects.get(code=code).current_version
    assert version is not None
    return version


def _retitle(title: str) -> ServiceVersion:
    body = {**_current().body, "title": title}
    return publish_service(data=body, actor=None, source=VersionSource.ADMIN).version


def _resealed(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The payload with its body changed and a matching checksum (a well-formed file)."""
    body = {**payload["body"], **changes}
    return {**payload, "body": body, "checksum": checksum(body)}


def test_export_names_the_version_its_checksum_and_workflow(catalog: SyncReport) -> None:
    payload = export_version(code="d15")

    assert payload["format"] == FORMAT
    assert (payload["code"], payload["version"], payload["source"]) == ("D15", 1, "file")
    assert payload["checksum"] == checksum(payload["body"]) == _current().checksum
    assert payload["workflow"]["code"] == "construction_permit"
    assert payload["workflow"]["version"] == 1


def test_an_export_imported_later_is_a_new_version_with_the_same_body(
    catalog: SyncReport,
) -> None:
    payload = export_version(code="D15")
    _retitle("پروانه احداث")

    imported = import_version(payload=payload, actor=None)

    version = imported.published.version
    assert imported.published.created
    assert (version.version, version.source) == (3, VersionSource.IMPORT)
    assert version.body == payload["body"]
    assert version.checksum == payload["checksum"]
    assert Service.objects.get(code="D15").title == "پروانه ساختمان (احداث بنا)"
    assert imported.notes == []


def test_importing_what_is_current_changes_nothing(catalog: SyncReport) -> None:
    imported = import_version(payload=export_version(code="D15"), actor=None)

    assert not imported.published.created
    assert ServiceVersion.objects.filter(service__code="D15").count() == 1


def test_a_service_new_to_this_installation_is_created(catalog: SyncReport) -> None:
    payload = _resealed(export_version(code="D20"), code="D35", slug="permit_copy")
    payload["code"] = "D35"

    version = import_version(payload=payload, actor=None).published.version

    assert (version.service.code, version.version) == ("D35", 1)
    assert version.service.availability.count() == 4  # the pilot rollout


def test_a_changed_or_damaged_file_is_refused(catalog: SyncReport) -> None:
    payload = export_version(code="D15")
    payload["body"]["sla_working_days"] = 99

    with pytest.raises(CatalogError) as refused:
        import_version(payload=payload, actor=None)

    (problem,) = refused.value.problems
    assert problem.startswith("checksum: the file says")
    assert problem.endswith("the file was changed or damaged after export")
    assert ServiceVersion.objects.filter(service__code="D15").count() == 1


def test_an_unknown_workflow_is_refused(catalog: SyncReport) -> None:
    payload = _resealed(export_version(code="D15"), workflow="demolition_only")

    with pytest.raises(CatalogError) as refused:
        import_version(payload=payload, actor=None)

    assert refused.value.problems[0].startswith(
        "workflow: unknown workflow 'demolition_only' (known: "
    )
    assert ServiceVersion.objects.filter(service__code="D15").count() == 1


def test_something_else_than_an_export_is_refused(catalog: SyncReport) -> None:
    with pytest.raises(CatalogError, match="not a service export file"):
        import_version(payload={"code": "D15"}, actor=None)


def test_a_different_workflow_here_is_reported(catalog: SyncReport) -> None:
    payload = export_version(code="D15")
    payload["workflow"]["checksum"] = "0" * 64
    payload["workflow"]["version"] = 7
    _retitle("پروانه احداث")

    imported = import_version(payload=payload, actor=None)

    assert imported.notes == [
        "workflow construction_permit: exported with version 7, bound here to version 1, "
        "whose definition differs"
    ]


def test_an_unknown_version_cannot_be_exported(catalog: SyncReport) -> None:
    with pytest.raises(CatalogError, match="D15: no such service or version 9"):
        export_version(code="D15", version=9)


def test_the_commands_round_trip(catalog: SyncReport, tmp_path: Path) -> None:
    exported = StringIO()
    call_command("catalog", "export", "D15", "--version", "1", stdout=exported)
    path = tmp_path / "D15.json"
    path.write_text(exported.getvalue(), encoding="utf-8")
    assert json.loads(exported.getvalue())["version"] == 1
    _retitle("پروانه احداث")

    out = StringIO()
    call_command("catalog", "import", str(path), stdout=out)

    assert out.getvalue() == "D15: published version 3\n"
    assert _current().body == json.loads(exported.getvalue())["body"]


def test_the_import_command_refuses_a_tampered_file(catalog: SyncReport, tmp_path: Path) -> None:
    payload = export_version(code="D15")
    payload["body"]["title"] = "دستکاری"
    path = tmp_path / "D15.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("catalog", "import", str(path), stderr=stderr)

    assert "the file was changed or damaged after export" in stderr.getvalue()
    assert _current().version == 1
