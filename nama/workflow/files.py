"""The workflow definitions kept as YAML files in the repository (``data/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from nama.accounts.models import User
from nama.workflow.definitions import DefinitionError, load_definition
from nama.workflow.engine import publish_definition
from nama.workflow.models import WorkflowDefinition

DATA_DIR = Path(__file__).with_name("data")


def read_file(path: Path) -> dict[str, Any]:
    """Parse one definition file; raise ``DefinitionError`` naming the file on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError([f"{path.name}: not valid YAML: {error}"]) from error
    if not isinstance(data, dict):
        raise DefinitionError([f"{path.name}: expected a mapping at the top level"])
    if data.get("code") != path.stem:
        raise DefinitionError(
            [f"{path.name}: the file name must be the code ({data.get('code')!r})"]
        )
    return data


def check_files(directory: Path = DATA_DIR) -> list[str]:
    """Every problem of every definition file, prefixed with its file name (empty: all good)."""
    problems = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            load_definition(read_file(path))
        except DefinitionError as error:
            problems += [
                line if line.startswith(path.name) else f"{path.name}: {line}"
                for line in error.problems
            ]
    return problems


def sync_workflows(*, actor: User | None, directory: Path = DATA_DIR) -> list[WorkflowDefinition]:
    """Publish every definition file (a new version only where a file changed); all or none."""
    problems = check_files(directory)
    if problems:
        raise DefinitionError(problems)
    with transaction.atomic():
        return [
            publish_definition(data=read_file(path), actor=actor)
            for path in sorted(directory.glob("*.yaml"))
        ]
