"""Fixtures of the catalogue tests: the synced catalogue and editable copies of the files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from nama.catalog.files import DATA_DIR
from nama.workflow.files import DATA_DIR as WORKFLOW_DATA_DIR

Edit = Callable[[str, Callable[[dict[str, Any]], None]], Path]


@pytest.fixture
def service_dir(tmp_path: Path) -> Path:
    """A copy of the service files that a test may change."""
    target = tmp_path / "services"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def workflow_dir(tmp_path: Path) -> Path:
    """A copy of the workflow files that a test may change."""
    target = tmp_path / "workflows"
    shutil.copytree(WORKFLOW_DATA_DIR, target)
    return target


def edit_file(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """Load a YAML file, let ``change`` alter the data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def edit_service(service_dir: Path) -> Edit:
    """``edit_service("D15", change)`` changes that service's file in ``service_dir``."""

    def edit(code: str, change: Callable[[dict[str, Any]], None]) -> Path:
        (path,) = service_dir.glob(f"{code}_*.yaml")
        return edit_file(path, change)

    return edit


def empty_catalogue() -> None:
    """Remove the session's published catalogue inside the test's transaction (rolled back
    afterwards), for tests that start from nothing as a new installation does."""
    from nama.catalog.models import Service, ServiceVersion
    from nama.workflow.models import WorkflowDefinition

    Service.objects.update(current_version=None)
    ServiceVersion.objects.all().delete()
    Service.objects.all().delete()
    WorkflowDefinition.objects.all().delete()


@pytest.fixture(autouse=True)
def _from_an_empty_catalogue(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("django_db") is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
        empty_catalogue()


@pytest.fixture
def catalog(db: None) -> Any:
    """The catalogue published from its files, with the report of that first sync."""
    from nama.catalog.files import sync_catalog

    return sync_catalog(actor=None)
