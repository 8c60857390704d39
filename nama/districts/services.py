"""Writes for the city and its districts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

DEFAULT_CITY_FILE = Path(__file__).with_name("data") / "isfahan.json"


def load_city_file(path: Path = DEFAULT_CITY_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def sync_city(data: dict[str, Any], *, models: Any = None) -> tuple[int, int]:
    """Create or update the city profile and its districts from a city file; idempotent.

    ``models`` lets a data migration pass its historical models (an object with
    ``CityProfile`` and ``District`` attributes). Returns (districts created, updated).
    Pilot flags are only set on creation: after that they are the administrators' data.
    """
    if models is None:
        from nama.districts import models as current_models

        models = current_models
    city_fields = dict(data["city"])
    pilots = set(data.get("pilot_districts", []))
    created = updated = 0
    with transaction.atomic():
        city, _ = models.CityProfile.objects.update_or_create(
            slug=city_fields.pop("slug"), defaults=city_fields
        )
        for row in data["districts"]:
            fields = {
                "number": row.get("number"),
                "kind": row.get("kind", "district"),
                "name": row["name"],
            }
            _district, was_created = models.District.objects.update_or_create(
                city=city,
                code=row["code"],
                defaults=fields,
                create_defaults={**fields, "is_pilot": row.get("number") in pilots},
            )
            created += was_created
            updated += not was_created
    return created, updated
