"""Writes of the catalogue: publish a service version, apply its rollout, admin edits.

Versioning. ``publish_service`` validates (``validation.validate_service``) and stores the
definition as the service's next version, bound to the workflow version in force. Publishing
what the current version already is — same body checksum, same workflow version — returns it
unchanged, so syncing twice changes nothing. A new workflow version alone makes a new service
version (same body, new binding): requests keep the version they started with, new ones get
the new workflow. Code and slug never change once a service exists.

Availability. The definition's ``rollout`` (``pilot``, ``all`` or district codes) is
materialised as ``ServiceAvailability`` rows with source ``rollout``; every publish and every
sync re-applies it (a district newly marked pilot gains the pilot services). Administrators
edit rows in the admin, which marks them ``admin``: the rollout never touches those again —
neither to remove nor to re-enable them. To stop a service in a district, an administrator
clears ``is_enabled`` (deleting a rollout row would only bring it back on the next sync); to
offer it in another district, they add a row.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from nama.accounts.models import User
from nama.catalog.constants import ROLLOUT_ALL, ROLLOUT_PILOT, AvailabilitySource, VersionSource
from nama.catalog.models import Service, ServiceAvailability, ServiceVersion
from nama.catalog.schema import CatalogError, ServiceSpec
from nama.catalog.selectors import spec_of
from nama.catalog.validation import CatalogContext, current_context, validate_service
from nama.catalog.workflows import published_workflows
from nama.core.text import search_key
from nama.districts.models import District
from nama.districts.selectors import active_districts, pilot_districts
from nama.workflow.models import WorkflowDefinition


def checksum(body: Any) -> str:
    """SHA-256 of the canonical JSON of a definition body (export files carry it)."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class RolloutChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class Published:
    version: ServiceVersion
    created: bool
    rollout: RolloutChange


def publish_service(
    *,
    data: Any,
    actor: User | None,
    source: VersionSource,
    note: str = "",
    context: CatalogContext | None = None,
) -> Published:
    """Store ``data`` as the service's next version (or return the current one if identical),
    point the service at it and apply its rollout. ``CatalogError``: nothing stored."""
    spec = validate_service(data, context or current_context())
    body = spec.body()
    digest = checksum(body)
    workflow = _workflow_in_force(spec)
    with transaction.atomic():
        service = _service_for(spec)
        current = service.current_version
        workflow_id = workflow.pk if workflow else None
        if current and current.checksum == digest and current.workflow_id == workflow_id:
            return Published(current, False, _apply_rollout(service, spec, actor))
        if current is not None and current.checksum == digest and workflow is not None:
            note = note or f"بازنشر با نسخه {workflow.version} گردش کار {workflow.code}"
        version = ServiceVersion.objects.create(
            service=service,
            version=_next_number(service),
            body=body,
            checksum=digest,
            workflow=workflow,
            source=source,
            note=note[:300],
            created_by=actor,
        )
        _point_to(service, version, spec)
        return Published(version, True, _apply_rollout(service, spec, actor))


def _workflow_in_force(spec: ServiceSpec) -> WorkflowDefinition | None:
    if spec.workflow is None:
        return None
    version = published_workflows().get(spec.workflow)
    if version is None:
        raise CatalogError(
            [f"workflow: {spec.workflow!r} is not published yet (run `nama catalog sync`)"]
        )
    return version


def _service_for(spec: ServiceSpec) -> Service:
    """The service of ``spec.code``, locked, or a new one; refuses a changed slug."""
    service = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer join.
        Service.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .filter(code=spec.code)
        .first()
    )
    taken = Service.objects.filter(slug=spec.slug).exclude(code=spec.code).first()
    if taken is not None:
        raise CatalogError([f"slug: {spec.slug!r} is already the slug of {taken.code}"])
    if service is None:
        return Service.objects.create(
            code=spec.code,
            slug=spec.slug,
            title=spec.title,
            category=spec.category,
            kind=spec.kind,
            sort_order=spec.number,
        )
    if service.slug != spec.slug:
        raise CatalogError(
            [f"slug: {service.code} is {service.slug!r}; a service's slug never changes"]
        )
    return service


def _next_number(service: Service) -> int:
    top: int | None = service.versions.aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def _point_to(service: Service, version: ServiceVersion, spec: ServiceSpec) -> None:
    service.current_version = version
    service.title = spec.title
    service.category = spec.category
    service.kind = spec.kind
    service.sort_order = spec.number
    service.search_text = search_key(
        " ".join(
            [
                spec.title,
                spec.description,
                spec.code,
                spec.slug.replace("_", " "),
                spec.category.label,
            ]
        )
    )
    service.save(
        update_fields=[
            "current_version",
            "title",
            "category",
            "kind",
            "sort_order",
            "search_text",
        ]
    )


# --- Availability -----------------------------------------------------------------------------


def apply_rollout(*, service: Service, actor: User | None) -> RolloutChange:
    """Bring the ``rollout`` rows of ``service`` in line with its current version."""
    if service.current_version is None:
        return RolloutChange()
    return _apply_rollout(service, spec_of(service.current_version), actor)


def _rollout_districts(spec: ServiceSpec) -> list[District]:
    if spec.rollout == ROLLOUT_PILOT:
        districts = pilot_districts()
    elif spec.rollout == ROLLOUT_ALL:
        districts = active_districts()
    else:
        districts = active_districts().filter(code__in=spec.rollout)
    # Numbered districts in order, then the management areas.
    return list(districts.order_by(F("number").asc(nulls_last=True), "code"))


def _apply_rollout(service: Service, spec: ServiceSpec, actor: User | None) -> RolloutChange:
    with transaction.atomic():
        target = {district.pk: district for district in _rollout_districts(spec)}
        rows = {row.district_id: row for row in service.availability.select_related("district")}
        added = [district for pk, district in target.items() if pk not in rows]
        stale = [
            row
            for pk, row in rows.items()
            if row.source == AvailabilitySource.ROLLOUT and pk not in target
        ]
        ServiceAvailability.objects.bulk_create(
            ServiceAvailability(
                service=service,
                district=district,
                source=AvailabilitySource.ROLLOUT,
                changed_by=actor,
            )
            for district in added
        )
        ServiceAvailability.objects.filter(pk__in=[row.pk for row in stale]).delete()
    return RolloutChange(
        added=[district.code for district in added],
        removed=[row.district.code for row in sorted(stale, key=lambda row: row.district.pk)],
    )


def save_availability(*, row: ServiceAvailability, actor: User | None) -> ServiceAvailability:
    """An administrator's edit of a row: from now on the rollout leaves it alone."""
    row.source = AvailabilitySource.ADMIN
    row.changed_by = actor
    row.changed_at = timezone.now()
    row.save()
    return row


def set_service_active(*, service: Service, is_active: bool, actor: User | None) -> None:
    """Show or hide a service in the public catalogue (its versions stay as they are)."""
    if service.is_active != is_active:
        service.is_active = is_active
        service.save(update_fields=["is_active"])
