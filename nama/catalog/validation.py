"""Validating a service definition against the installation: its workflow and districts.

``validate_service`` is the one entry point used by the files (``check``, ``sync``), the admin
and import, so each refuses the same things with the same messages:

- the shape and the rules inside the definition (``nama.catalog.schema``);
- the workflow exists and validates, and has a path to an approved outcome;
- the service-level target covers the staff deadlines of that path: if it were smaller, a
  request could meet every step's deadline and still miss the service's target. Applicant
  steps (booking a visit, accepting fees, paying) do not count: the clock is the
  municipality's. This is a lower bound, not a forecast;
- an explicit rollout names active districts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nama.catalog.rules import definition_problems
from nama.catalog.schema import CatalogError, ServiceSpec, parse_service
from nama.catalog.workflows import (
    Loaded,
    load_files,
    load_published,
    main_path,
    published_workflows,
    staff_days,
)
from nama.districts.selectors import active_districts
from nama.workflow.definitions import DefinitionError
from nama.workflow.files import DATA_DIR as WORKFLOW_DATA_DIR


@dataclass(frozen=True)
class CatalogContext:
    """What a definition is checked against: workflows by code, active district codes."""

    workflows: Mapping[str, Loaded]
    districts: frozenset[str]


def current_context() -> CatalogContext:
    """The installation as it is: the latest published workflows (admin, import)."""
    return CatalogContext(
        workflows=load_published(published_workflows()), districts=_district_codes()
    )


def files_context(workflow_directory: Path = WORKFLOW_DATA_DIR) -> CatalogContext:
    """The installation as ``sync`` will leave it: published workflows, files overriding."""
    workflows = {**load_published(published_workflows()), **load_files(workflow_directory)}
    return CatalogContext(workflows=workflows, districts=_district_codes())


def _district_codes() -> frozenset[str]:
    return frozenset(active_districts().values_list("code", flat=True))


def validate_service(data: Any, context: CatalogContext) -> ServiceSpec:
    """Raw data → a usable ``ServiceSpec``, or ``CatalogError`` listing every problem."""
    spec = parse_service(data)
    problems = definition_problems(spec) + context_problems(spec, context)
    if problems:
        raise CatalogError(problems)
    return spec


def context_problems(spec: ServiceSpec, context: CatalogContext) -> list[str]:
    problems = _workflow_problems(spec, context) if spec.workflow else []
    if isinstance(spec.rollout, list):
        problems += [
            f"rollout: unknown or inactive district {code!r}"
            f" (known: {', '.join(sorted(context.districts))})"
            for code in spec.rollout
            if code not in context.districts
        ]
    return problems


def _workflow_problems(spec: ServiceSpec, context: CatalogContext) -> list[str]:
    code = spec.workflow or ""
    loaded = context.workflows.get(code)
    if loaded is None:
        known = ", ".join(sorted(context.workflows)) or "none"
        return [f"workflow: unknown workflow {code!r} (known: {known})"]
    if isinstance(loaded, DefinitionError):
        return [f"workflow: {code!r} does not validate: {'; '.join(loaded.problems)}"]
    path = main_path(loaded)
    if path is None:
        return [f"workflow: {code!r} has no path from its start to an approved outcome"]
    steps = staff_days(path)
    needed = sum(days for _, days in steps)
    if spec.sla_working_days is not None and spec.sla_working_days < needed:
        detail = " + ".join(f"{state} {days}" for state, days in steps)
        return [
            f"sla_working_days: {spec.sla_working_days} is less than the {needed} working "
            f"days workflow {code!r} gives its staff on the way to {path[-1].code!r} "
            f"({detail})"
        ]
    return []
