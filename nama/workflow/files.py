"""The workflow definitions kept as YAML files in the repository (``data/``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from nama.accounts.models import User
from nama.workflow.definitions import DefinitionError, load_definition
from nama.workflow.engine import checksum, publish_definition
from nama.workflow.models import WorkflowDefinition
from nama.workflow.models.engine import DefinitionSource

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


@dataclass
class WorkflowSync:
    """The version in force per workflow after a sync, and the administrators' versions kept
    although their file changed (``conflicts``, one line each)."""

    versions: list[WorkflowDefinition] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _sync_one(
    data: dict[str, Any], *, actor: User | None, overwrite_local: bool, result: WorkflowSync
) -> None:
    digest = checksum(data)
    versions = WorkflowDefinition.objects.filter(code=data["code"]).order_by("-version")
    latest = versions.first()
    if latest is None or latest.source == DefinitionSource.FILE or overwrite_local:
        result.versions.append(publish_definition(data=data, actor=actor))
        return
    # An administrator's version is in force: keep it unless the file changed since the file
    # was last published — then say so, and keep it until told to overwrite.
    last_from_file = versions.filter(source=DefinitionSource.FILE).first()
    if latest.checksum != digest and (last_from_file is None or last_from_file.checksum != digest):
        result.conflicts.append(
            f"workflow {latest.code}: the file changed but version {latest.version} edited in "
            "the admin is in force; kept (use --overwrite-local to publish the file)"
        )
    result.versions.append(latest)


def sync_workflows(
    *, actor: User | None, directory: Path = DATA_DIR, overwrite_local: bool = False
) -> WorkflowSync:
    """Publish every definition file (a new version only where a file changed); all or none.

    A version an administrator published in the admin stays in force (see ``_sync_one``).
    """
    problems = check_files(directory)
    if problems:
        raise DefinitionError(problems)
    result = WorkflowSync()
    with transaction.atomic():
        for path in sorted(directory.glob("*.yaml")):
            _sync_one(read_file(path), actor=actor, overwrite_local=overwrite_local, result=result)
    return result
