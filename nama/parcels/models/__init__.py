"""The property registry and its map: parcels and their codes, owners, buildings and units,
parallel snapshots of figures, the detailed plan (zones, street-widening plan versions and their
street lines), stored setbacks, district boundaries, and the registry's audit trail."""

from nama.parcels.models.audit import ImportRun, RegistryEvent
from nama.parcels.models.plans import (
    DistrictBoundary,
    PlanVersion,
    SetbackResult,
    Street,
    StreetLine,
    Zone,
)
from nama.parcels.models.registry import (
    Building,
    Owner,
    Ownership,
    Parcel,
    ParcelCode,
    ParcelLineage,
    PropertySnapshot,
    Unit,
)

__all__ = [
    "Building",
    "DistrictBoundary",
    "ImportRun",
    "Owner",
    "Ownership",
    "Parcel",
    "ParcelCode",
    "ParcelLineage",
    "PlanVersion",
    "PropertySnapshot",
    "RegistryEvent",
    "SetbackResult",
    "Street",
    "StreetLine",
    "Unit",
    "Zone",
]
