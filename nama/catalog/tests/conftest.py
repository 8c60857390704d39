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
