"""`nama catalog sync` publishes the files: idempotent, all or nothing, versions kept."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nama import cli
from nama.catalog.constants import VersionSource
from nama.catalog.files import SyncReport, sync_catalog
from nama.catalog.models import Service, ServiceAvailability, ServiceVersion
from nama.catalog.schema import CatalogError
from nama.catalog.services import publish_service
from nama.catalog.tests.conftest import Edit, edit_file
from nama.workflow.models import WorkflowDefinition

pytestmark = pytest.mark.django_db


def _d15() -> Service:
    return Service.objects.select_related("current_version__workflow").get(code="D15")


def test_the_first_sync_publishes_every_service(catalog: SyncReport) -> None:
    assert len(catalog.published) == 34
    assert catalog.published[0] == "A1: version 1 (file)"
    assert "D15: version 1 (file, workflow construction_permit v1)" in catalog.published
    assert Service.objects.count() == 34
    d15 = _d15()
    assert d15.current_version is not None
    assert d15.current_version.version == 1
    assert d15.current_version.workflow is not None
    assert d15.current_version.workflow.code == "construction_permit"
    assert (d15.title, d15.category, d15.kind, d15.sort_order) == (
        "پروانه ساختمان (احداث بنا)",
        "permits",
        "request",
        15,
    )


def test_syncing_twice_changes_nothing(catalog: SyncReport) -> None:
    rows = ServiceAvailability.objects.count()

    again = sync_catalog(actor=None)

    assert not again.changed
    assert again.lines() == ["catalogue: 0 published, 34 unchanged, 0 local kept, 0 conflicts"]
    assert ServiceVersion.objects.count() == 34
    assert ServiceAvailability.objects.count() == rows


def test_a_changed_file_is_a_new_version_and_the_old_one_stays(
    catalog: SyncReport, service_dir: Path, edit_service: Edit
) -> None:
    old = _d15().current_version
    assert old is not None
    old_body, old_checksum = dict(old.body), old.checksum

    edit_service("D15", lambda data: data.update(sla_working_days=35))
    report = sync_catalog(actor=None, directory=service_dir)

    assert report.published == ["D15: version 2 (file, workflow construction_permit v1)"]
    d15 = _d15()
    assert d15.current_version is not None
    assert d15.current_version.version == 2
    assert d15.current_version.body["sla_working_days"] == 35
    kept = ServiceVersion.objects.get(pk=old.pk)  # what a started request points to
    assert (kept.body, kept.checksum, kept.workflow_id) == (old_body, old_checksum, old.workflow_id)
    with pytest.raises(ValueError, match="never changed"):
        kept.save()


def test_one_broken_file_publishes_nothing(
    catalog: SyncReport, service_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: data.update(title="پروانه احداث"))
    edit_service("D16", lambda data: data.update(workflow="missing"))

    with pytest.raises(CatalogError) as refused:
        sync_catalog(actor=None, directory=service_dir)

    assert refused.value.problems[0].startswith(
        "D16_reconstruction_permit.yaml: workflow: unknown workflow 'missing'"
    )
    assert _d15().title == "پروانه ساختمان (احداث بنا)"
    assert ServiceVersion.objects.count() == 34


def test_a_new_workflow_version_rebinds_its_services(
    catalog: SyncReport, workflow_dir: Path
) -> None:
    def relabel(data: dict[str, Any]) -> None:
        next(s for s in data["states"] if s["code"] == "drafting")["label"] = "تهیه پروانه"

    edit_file(workflow_dir / "construction_permit.yaml", relabel)
    report = sync_catalog(actor=None, workflow_directory=workflow_dir)

    assert report.workflows == ["workflow construction_permit: version 2"]
    rebound = {line.split(":")[0] for line in report.published}
    assert rebound == {"D14", "D15", "D16", "D19", "D22", "D23", "F30", "F31"}
    d15 = _d15()
    assert d15.current_version is not None
    first = d15.versions.get(version=1)
    assert d15.current_version.checksum == first.checksum  # same definition, new binding
    assert d15.current_version.workflow == WorkflowDefinition.objects.get(
        code="construction_permit", version=2
    )
    assert first.workflow == WorkflowDefinition.objects.get(code="construction_permit", version=1)


def _admin_edit(title: str) -> ServiceVersion:
    d15 = _d15()
    assert d15.current_version is not None
    body = {**d15.current_version.body, "title": title}
    return publish_service(data=body, actor=None, source=VersionSource.ADMIN).version


def test_an_administrators_version_survives_a_sync(catalog: SyncReport) -> None:
    local = _admin_edit("پروانه ساختمان")

    report = sync_catalog(actor=None)

    assert _d15().current_version == local
    assert report.kept_local == 1
    assert report.conflicts == []
    assert not report.changed


def test_a_file_changed_after_a_local_edit_is_a_reported_conflict(
    catalog: SyncReport, service_dir: Path, edit_service: Edit
) -> None:
    local = _admin_edit("پروانه ساختمان")
    edit_service("D15", lambda data: data.update(sla_working_days=40))

    report = sync_catalog(actor=None, directory=service_dir)

    assert _d15().current_version == local
    assert len(report.conflicts) == 1
    assert report.conflicts[0].startswith("D15: the file differs from the local version 2 (admin)")

    forced = sync_catalog(actor=None, directory=service_dir, overwrite_local=True)

    assert forced.published == ["D15: version 3 (file, workflow construction_permit v1)"]
    d15 = _d15()
    assert d15.current_version is not None
    assert d15.current_version.body["sla_working_days"] == 40


def test_a_service_whose_file_is_gone_is_kept_and_reported(
    catalog: SyncReport, service_dir: Path
) -> None:
    (service_dir / "D20_permit_duplicate.yaml").unlink()

    report = sync_catalog(actor=None, directory=service_dir)

    assert report.missing == [
        "D20: its file is gone; the service is kept (deactivate it in the admin)"
    ]
    assert Service.objects.get(code="D20").is_active


def test_the_command_prints_what_changed(db: None) -> None:
    stdout = StringIO()
    call_command("catalog", "sync", stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert lines[0] == "workflow completion_certificate: version 1"
    assert "D15 districts: +d6 +d7 +d8 +d12" in lines
    assert lines[-1] == "catalogue: 34 published, 0 unchanged, 0 local kept, 0 conflicts"


def test_the_command_refuses_broken_files_and_changes_nothing(
    service_dir: Path, edit_service: Edit
) -> None:
    edit_service("D15", lambda data: data.update(sla_working_days=1))
    stderr = StringIO()

    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing was changed"):
        call_command("catalog", "sync", "--dir", str(service_dir), stderr=stderr)

    assert stderr.getvalue().startswith("D15_building_permit.yaml: sla_working_days: 1 is less")
    assert not Service.objects.exists()
    assert not WorkflowDefinition.objects.exists()


def test_nama_migrate_leaves_the_catalogue_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nama", "migrate"]) == 0
    assert Service.objects.filter(current_version__isnull=False).count() == 34
    assert "catalogue: 34 published" in capsys.readouterr().out
