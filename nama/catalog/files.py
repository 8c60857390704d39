"""The service definitions kept as YAML files in the repository (``data/services/``).

``check_catalog`` lists every problem; ``sync_catalog`` publishes the workflow files, then the
service files, in one transaction (all or nothing), and reports what changed.

Files and administrators. A version edited in the admin or imported is a *local* version.
Sync never silently replaces it: when a service's current version is local, sync keeps it if
the file has not changed since the last version published from it, and reports a conflict
(and still keeps the local version) if the file has changed since. ``--overwrite-local``
publishes the files anyway. A local version is still re-bound to a new workflow version, and
the rollout is re-applied for every service (see ``services``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from nama.accounts.models import User
from nama.catalog.constants import VersionSource
from nama.catalog.models import Service, ServiceVersion
from nama.catalog.schema import CatalogError, ServiceSpec
from nama.catalog.services import Published, checksum, publish_service
from nama.catalog.validation import (
    CatalogContext,
    current_context,
    files_context,
    validate_service,
)
from nama.catalog.workflows import published_workflows
from nama.workflow.definitions import DefinitionError
from nama.workflow.files import DATA_DIR as WORKFLOW_DATA_DIR
from nama.workflow.files import check_files as check_workflow_files
from nama.workflow.files import sync_workflows

DATA_DIR = Path(__file__).with_name("data") / "services"


def read_file(path: Path) -> dict[str, Any]:
    """Parse one service file; ``CatalogError`` naming the file on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogError([f"{path.name}: not valid YAML: {error}"]) from error
    if not isinstance(data, dict):
        raise CatalogError([f"{path.name}: expected a mapping at the top level"])
    expected = f"{data.get('code')}_{data.get('slug')}"
    if path.stem != expected:
        raise CatalogError([f"{path.name}: the file name must be <code>_<slug>: {expected}.yaml"])
    return data


def _prefixed(where: str, problems: list[str]) -> list[str]:
    return [line if line.startswith(where) else f"{where}: {line}" for line in problems]


def _read_all(directory: Path, context: CatalogContext) -> tuple[list[ServiceSpec], list[str]]:
    specs, problems, names = [], [], defaultdict(list)
    for path in sorted(directory.glob("*.yaml")):
        try:
            spec = validate_service(read_file(path), context)
        except CatalogError as error:
            problems += _prefixed(path.name, error.problems)
            continue
        specs.append(spec)
        names[f"code {spec.code!r}"].append(path.name)
        names[f"slug {spec.slug!r}"].append(path.name)
    problems += [
        f"{files[1]}: {what} is already used by {files[0]}"
        for what, files in names.items()
        if len(files) > 1
    ]
    return sorted(specs, key=lambda spec: spec.number), problems


def check_catalog(
    directory: Path = DATA_DIR, workflow_directory: Path = WORKFLOW_DATA_DIR
) -> list[str]:
    """Every problem of the workflow files, the service files and the local versions."""
    context = files_context(workflow_directory)
    _, problems = _read_all(directory, context)
    return [*check_workflow_files(workflow_directory), *problems, *_local_problems(context)]


def _local_problems(context: CatalogContext) -> list[str]:
    """Local versions (admin, import) must still validate against the files' workflows."""
    problems: list[str] = []
    local = ServiceVersion.objects.filter(pk__in=Service.objects.values("current_version")).exclude(
        source=VersionSource.FILE
    )
    for version in local.select_related("service"):
        where = f"{version.service.code} (version {version.version}, {version.source})"
        try:
            validate_service(version.body, context)
        except CatalogError as error:
            problems += _prefixed(where, error.problems)
    return problems


@dataclass
class SyncReport:
    """What a sync changed, as lines for people; empty lists: nothing of that kind."""

    workflows: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_local: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.workflows or self.published or self.availability)

    def lines(self) -> list[str]:
        summary = (
            f"catalogue: {len(self.published)} published, {self.unchanged} unchanged, "
            f"{self.kept_local} local kept, {len(self.conflicts)} conflicts"
        )
        return [
            *self.workflows,
            *self.published,
            *self.availability,
            *self.conflicts,
            *self.missing,
            summary,
        ]


def sync_catalog(
    *,
    actor: User | None,
    directory: Path = DATA_DIR,
    workflow_directory: Path = WORKFLOW_DATA_DIR,
    overwrite_local: bool = False,
) -> SyncReport:
    """Publish the workflow files, then every service file; all or none (``CatalogError``)."""
    context = files_context(workflow_directory)
    specs, problems = _read_all(directory, context)
    problems = [*check_workflow_files(workflow_directory), *problems]
    if problems:
        raise CatalogError(problems)
    report = SyncReport()
    with transaction.atomic():
        report.workflows = _sync_workflows(actor, workflow_directory, overwrite_local, report)
        context = current_context()
        for spec in specs:
            _sync_one(spec, actor=actor, context=context, overwrite=overwrite_local, report=report)
        codes = {spec.code for spec in specs}
        report.missing = [
            f"{service.code}: its file is gone; the service is kept (deactivate it in the admin)"
            for service in Service.objects.filter(versions__source=VersionSource.FILE).distinct()
            if service.code not in codes
        ]
    return report


def _sync_workflows(
    actor: User | None, directory: Path, overwrite_local: bool, report: SyncReport
) -> list[str]:
    before = {code: version.version for code, version in published_workflows().items()}
    try:
        result = sync_workflows(actor=actor, directory=directory, overwrite_local=overwrite_local)
    except DefinitionError as error:  # checked above; a concurrent edit of the files
        raise CatalogError(error.problems) from error
    report.conflicts += result.conflicts
    return [
        f"workflow {version.code}: version {version.version}"
        for version in result.versions
        if before.get(version.code) != version.version
    ]


def _sync_one(
    spec: ServiceSpec,
    *,
    actor: User | None,
    context: CatalogContext,
    overwrite: bool,
    report: SyncReport,
) -> None:
    service = Service.objects.select_related("current_version").filter(code=spec.code).first()
    current = service.current_version if service else None
    digest = checksum(spec.body())
    if current is None or current.source == VersionSource.FILE or overwrite:
        published = _publish(spec.code, spec.body(), VersionSource.FILE, actor, context)
    else:
        if current.checksum != digest and _file_changed_since(current, digest):
            report.conflicts.append(
                f"{spec.code}: the file differs from the local version {current.version} "
                f"({current.source}); kept the local version — review the file, then run "
                "`nama catalog sync --overwrite-local` to publish the files"
            )
        if current.checksum != digest:
            report.kept_local += 1
        source = VersionSource(current.source)
        published = _publish(spec.code, current.body, source, actor, context)
    _report(report, spec.code, published)


def _file_changed_since(current: ServiceVersion, digest: str) -> bool:
    last = (
        ServiceVersion.objects.filter(service_id=current.service_id, source=VersionSource.FILE)
        .order_by("-version")
        .first()
    )
    return last is None or last.checksum != digest


def _publish(
    code: str, body: Any, source: VersionSource, actor: User | None, context: CatalogContext
) -> Published:
    try:
        return publish_service(data=body, actor=actor, source=source, context=context)
    except CatalogError as error:
        raise CatalogError(_prefixed(f"{code} ({source})", error.problems)) from error


def _report(report: SyncReport, code: str, published: Published) -> None:
    version = published.version
    if published.created:
        workflow = version.workflow
        bound = f", workflow {workflow.code} v{workflow.version}" if workflow else ""
        report.published.append(f"{code}: version {version.version} ({version.source}{bound})")
    else:
        report.unchanged += 1
    if published.rollout:
        changes = [f"+{code}" for code in published.rollout.added]
        changes += [f"-{code}" for code in published.rollout.removed]
        report.availability.append(f"{code} districts: {' '.join(changes)}")
