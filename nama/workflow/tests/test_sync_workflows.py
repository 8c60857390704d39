"""Syncing the repository's workflow files never silently replaces an administrator's version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from nama.workflow.engine import publish_definition
from nama.workflow.files import DATA_DIR, read_file, sync_workflows
from nama.workflow.models import WorkflowDefinition
from nama.workflow.models.engine import DefinitionSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    shutil.copy(DATA_DIR / "inquiry.yaml", tmp_path / "inquiry.yaml")
    return tmp_path


def _versions() -> list[tuple[int, str]]:
    return list(
        WorkflowDefinition.objects.filter(code="inquiry")
        .order_by("version")
        .values_list("version", "source")
    )


def _edit_file(data_dir: Path, title: str) -> None:
    data = read_file(data_dir / "inquiry.yaml")
    data["title"] = title
    (data_dir / "inquiry.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def _admin_edit(title: str) -> None:
    data = read_file(DATA_DIR / "inquiry.yaml")
    data["title"] = title
    publish_definition(data=data, actor=None, source=DefinitionSource.ADMIN)


def test_sync_is_idempotent(data_dir: Path) -> None:
    sync_workflows(actor=None, directory=data_dir)
    result = sync_workflows(actor=None, directory=data_dir)
    assert _versions() == [(1, "file")]
    assert result.conflicts == []


def test_an_admin_version_survives_a_sync_of_the_unchanged_file(data_dir: Path) -> None:
    sync_workflows(actor=None, directory=data_dir)
    _admin_edit("پاسخ به استعلام (ویرایش مدیر)")
    result = sync_workflows(actor=None, directory=data_dir)
    assert _versions() == [(1, "file"), (2, "admin")]
    assert result.conflicts == []
    assert [v.version for v in result.versions] == [2]


def test_a_changed_file_under_an_admin_version_is_a_reported_conflict(data_dir: Path) -> None:
    sync_workflows(actor=None, directory=data_dir)
    _admin_edit("پاسخ به استعلام (ویرایش مدیر)")
    _edit_file(data_dir, "پاسخ به استعلام (نسخه تازه مخزن)")
    result = sync_workflows(actor=None, directory=data_dir)
    assert _versions() == [(1, "file"), (2, "admin")]
    assert len(result.conflicts) == 1
    assert "--overwrite-local" in result.conflicts[0]
    forced = sync_workflows(actor=None, directory=data_dir, overwrite_local=True)
    assert _versions() == [(1, "file"), (2, "admin"), (3, "file")]
    assert forced.conflicts == []
