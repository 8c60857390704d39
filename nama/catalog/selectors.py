"""Reads of the catalogue for the public side (pages, API). The catalogue is public: no access
check; only active services with a published version are shown.

``ServiceFacts`` is everything a page or an app shows about a service: the current version's
definition, the workflow's main path as steps, and the districts where it is offered today.
Lists cost two queries whatever their length (services with their version and workflow; the
availability rows with their districts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from nama.catalog.models import Service, ServiceAvailability, ServiceVersion
from nama.catalog.schema import ServiceSpec, parse_service
from nama.catalog.workflows import Step, step_definition, steps_of
from nama.core.jalali import tehran_today
from nama.core.problems import NotFoundError
from nama.core.text import normalize_digits, search_key
from nama.districts.models import District


class ServiceNotFoundError(NotFoundError):
    code = "service_not_found"

    def __init__(self, code: str) -> None:
        super().__init__(f"خدمتی با کد «{code}» پیدا نشد.")


@dataclass(frozen=True)
class ServiceFacts:
    service: Service
    version: ServiceVersion
    spec: ServiceSpec
    steps: list[Step]
    districts: list[District]
    entry_url: str | None


# Parsed definitions by (version id, checksum): a stored version never changes, so this
# per-process cache cannot be stale.
_SPECS: dict[tuple[int, str], ServiceSpec] = {}


def spec_of(version: ServiceVersion) -> ServiceSpec:
    """The definition of a stored version (validated when it was published)."""
    key = (version.pk, version.checksum)
    if key not in _SPECS:
        _SPECS[key] = parse_service(version.body)
    return _SPECS[key]


def services_for_public(query: str = "", category: str = "") -> list[ServiceFacts]:
    """Active services in catalogue order, optionally of one category and matching ``query``.

    Every word of the query must occur in the title, description, code, slug or category
    name, compared with ``search_key``: Arabic ي/ك, Persian or Arabic digits, ZWNJ and case
    make no difference.
    """
    services = _public_services()
    if category:
        services = services.filter(category=category)
    for word in search_key(query).split():
        services = services.filter(search_text__contains=word)
    today = tehran_today()
    return [_facts(service, today) for service in services]


def service_detail(code: str) -> ServiceFacts:
    """One active service by code (``D15``, ``d۱۵``) or slug; ``ServiceNotFoundError``."""
    key = normalize_digits(code).strip()
    service = _public_services().filter(Q(code=key.upper()) | Q(slug=key.lower())).first()
    if service is None:
        raise ServiceNotFoundError(code)
    return _facts(service, tehran_today())


def districts_where_available(service: Service, *, on: date | None = None) -> list[District]:
    """The active districts where ``service`` is offered on ``on`` (default: today)."""
    rows = _offered_rows().filter(service=service)
    return _open(rows, on or tehran_today())


def is_available_in(service: Service, district: District, *, on: date | None = None) -> bool:
    """Whether ``service`` may be requested in ``district`` on ``on`` (default: today)."""
    if not service.is_active or not district.is_active:
        return False
    day = on or tehran_today()
    rows = ServiceAvailability.objects.filter(service=service, district=district, is_enabled=True)
    return rows.filter(Q(enabled_from__isnull=True) | Q(enabled_from__lte=day)).exists()


def entry_url(entry: str | None) -> str | None:
    """The URL of a self-service page, or None while that page does not exist."""
    if not entry:
        return None
    try:
        return reverse(entry)
    except NoReverseMatch:
        return None


def _offered_rows() -> QuerySet[ServiceAvailability]:
    return (
        ServiceAvailability.objects.filter(is_enabled=True, district__is_active=True)
        .select_related("district")
        .order_by(F("district__number").asc(nulls_last=True), "district__code")
    )


def _open(rows: Any, day: date) -> list[District]:
    return [row.district for row in rows if row.enabled_from is None or row.enabled_from <= day]


def _public_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True, current_version__isnull=False)
        .select_related("current_version__workflow")
        .prefetch_related(Prefetch("availability", queryset=_offered_rows(), to_attr="offered"))
    )


def _facts(service: Service, today: date) -> ServiceFacts:
    version = service.current_version
    if version is None:  # excluded by _public_services; a guard for other callers
        raise ServiceNotFoundError(service.code)
    spec = spec_of(version)
    definition = step_definition(version.workflow) if version.workflow else None
    return ServiceFacts(
        service=service,
        version=version,
        spec=spec,
        steps=steps_of(definition) if definition else [],
        districts=_open(getattr(service, "offered", []), today),
        entry_url=entry_url(spec.entry),
    )
