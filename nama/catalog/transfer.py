"""Moving a service version between installations (test → production) as a JSON file.

The file carries the body, its checksum and the workflow it was bound to::

    {"format": "isfahan-nama.service-version/1", "code": "D15", "version": 3,
     "checksum": "<sha256 of the body>", "source": "admin",
     "workflow": {"code": "construction_permit", "version": 2, "checksum": "…"},
     "exported_at": "2026-11-29T10:00:00+03:30", "body": {…}}

Import refuses a file whose checksum does not match its body (edited or damaged on the way)
and any body the installation would refuse (unknown workflow, unknown district, …). It
publishes through ``publish_service`` — a new version with source ``import``, or the current
one if identical — bound to this installation's current version of the workflow; a
different workflow than the exported one is reported, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from nama.accounts.models import User
from nama.catalog.constants import VersionSource
from nama.catalog.models import ServiceVersion
from nama.catalog.schema import CatalogError
from nama.catalog.services import Published, checksum, publish_service
from nama.core.text import normalize_digits

FORMAT = "isfahan-nama.service-version/1"


def export_version(*, code: str, version: int | None = None) -> dict[str, Any]:
    """The export file of a service's version (default: its current version)."""
    stored = _stored(code, version)
    workflow = stored.workflow
    return {
        "format": FORMAT,
        "code": stored.service.code,
        "version": stored.version,
        "checksum": stored.checksum,
        "source": stored.source,
        "workflow": (
            {"code": workflow.code, "version": workflow.version, "checksum": workflow.checksum}
            if workflow
            else None
        ),
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "body": stored.body,
    }


def _stored(code: str, version: int | None) -> ServiceVersion:
    versions = ServiceVersion.objects.select_related("service", "workflow").filter(
        service__code=normalize_digits(code).strip().upper()
    )
    if version is None:
        found = versions.filter(service__current_version=F("pk")).first()
    else:
        found = versions.filter(version=version).first()
    if found is None:
        which = f"version {version}" if version else "published version"
        raise CatalogError([f"{code}: no such service or {which}"])
    return found


@dataclass(frozen=True)
class Imported:
    published: Published
    notes: list[str]


def import_version(*, payload: Any, actor: User | None) -> Imported:
    """Publish the body of an export file here; ``CatalogError`` (nothing stored) if refused."""
    body = _checked_body(payload)
    published = publish_service(
        data=body,
        actor=actor,
        source=VersionSource.IMPORT,
        note=f"ورود نسخه {payload.get('version')} از {payload.get('exported_at', '')}",
    )
    return Imported(published, _workflow_notes(payload, published.version))


def _checked_body(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CatalogError([f"format: not a service export file (expected {FORMAT!r})"])
    body = payload.get("body")
    if not isinstance(body, dict):
        raise CatalogError(["body: missing"])
    actual = checksum(body)
    if payload.get("checksum") != actual:
        raise CatalogError(
            [
                f"checksum: the file says {payload.get('checksum')!r} but its body hashes to "
                f"{actual!r}: the file was changed or damaged after export"
            ]
        )
    if body.get("code") != payload.get("code"):
        raise CatalogError(["code: the file's code and its body's code differ"])
    return body


def _workflow_notes(payload: dict[str, Any], version: ServiceVersion) -> list[str]:
    exported = payload.get("workflow") or {}
    bound = version.workflow
    if bound is None or not exported or exported.get("checksum") == bound.checksum:
        return []
    return [
        f"workflow {bound.code}: exported with version {exported.get('version')}, bound here "
        f"to version {bound.version}, whose definition differs"
    ]
