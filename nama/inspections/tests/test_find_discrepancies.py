"""After a visit, each figure reported by the applicant, the registry, a permit or the desk
is compared with what the inspector saw; differences beyond the tolerance are listed with
who reported them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.inspections.constants import Source
from nama.inspections.models import Discrepancy, Observation
from nama.inspections.services import DraftIn, record_desk_figures, submit_report
from nama.inspections.tests.builders import at_visit
from nama.parcels.constants import SnapshotKind
from nama.parcels.services.owners import record_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

ALL_YES = {
    key: {"ok": True, "note": ""}
    for key in (
        "boundaries_match",
        "no_early_construction",
        "setback_feasible",
        "street_access",
        "no_encroachment",
        "no_obstacles",
    )
}
# The applicant declared (cases.tests.builders.PERMIT_FORM): 3 floors, 3 units, 3 parking
# spaces, 450 m² in all, residential. The parcel is 20 m × 30 m (600 m² by map).
SEEN: dict[str, Any] = {
    "land_area": "۶۳۰",  # map 600 → exactly 5 % more: agrees
    "floors": "۴",  # declared 3: differs (counts are exact)
    "units": "3",
    "parking_spaces": "2",  # declared 3: differs
    "use": "residential",
    "setback_observed": "1.6",  # desk 1.0: 0.6 m > 0.5 m
    "built_area_by_floor": ["150", "150", "172.5"],  # 472.5 = 450 + 5 %: agrees
    "violations": "",
}


def _submit(visit: Any, values: dict[str, Any], key: str = "k-1") -> None:
    draft = DraftIn(revision=0, values=values, checklist=ALL_YES)
    submit_report(actor=visit.inspector, visit=visit, submission_key=key, draft=draft)


def _found(case: Any) -> set[tuple[str, str]]:
    return {(d.key, d.source) for d in Discrepancy.objects.filter(case=case)}


def test_differences_beyond_tolerance_are_listed_with_who_reported_them() -> None:
    owner = make_user()
    case, visit = at_visit(owner=owner)
    desk_clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    record_desk_figures(
        actor=desk_clerk, case=case, values={"land_area": "۶۰۰", "setback_observed": "۱"}
    )

    _submit(visit, SEEN)

    assert _found(case) == {
        ("floors", Source.APPLICANT),
        ("parking_spaces", Source.APPLICANT),
        ("setback_observed", Source.DESK),
    }
    floors = Discrepancy.objects.get(case=case, key="floors")
    assert (floors.reported_value, floors.observed_value) == (3, 4)
    assert floors.reported_by == owner
    assert floors.inspector == visit.inspector
    assert floors.district == case.district
    assert floors.tolerance == "برابر"
    setback = Discrepancy.objects.get(case=case, key="setback_observed")
    assert (setback.reported_value, setback.observed_value) == ("1.00", "1.60")
    assert setback.reported_by == desk_clerk
    assert setback.tolerance == "۰٫۵ متر"


def test_just_over_the_area_tolerance_is_a_discrepancy() -> None:
    case, visit = at_visit()

    _submit(visit, {**SEEN, "land_area": "630.01", "built_area_by_floor": ["472.51"]})

    assert ("land_area", Source.REGISTRY) in _found(case)
    assert ("built_area", Source.APPLICANT) in _found(case)
    area = Discrepancy.objects.get(case=case, key="built_area")
    assert (area.reported_value, area.observed_value) == ("450.00", "472.51")
    assert area.tolerance == "۵٪"


def test_every_source_is_recorded_as_it_stood_at_submission() -> None:
    case, visit = at_visit()
    assert case.parcel is not None
    record_snapshot(
        actor=None,
        parcel=case.parcel,
        kind=SnapshotKind.PERMITTED,
        as_of=date(2020, 5, 1),
        source="پروانهٔ ۱۲۳",
        floors=2,
        units=2,
        land_area=Decimal("600"),
    )

    _submit(visit, SEEN)

    recorded = {(o.source, o.key, o.basis): o.value for o in Observation.objects.filter(case=case)}
    assert recorded[(Source.APPLICANT, "floors", "")] == 3
    assert recorded[(Source.APPLICANT, "built_area", "")] == "450.00"
    assert recorded[(Source.REGISTRY, "land_area", "نقشه")] == "600.00"
    assert recorded[(Source.PERMIT, "floors", "پروانهٔ ۱۲۳")] == 2
    assert recorded[(Source.INSPECTOR, "built_area", "")] == "472.50"
    assert ("floors", Source.PERMIT) in _found(case)
    assert ("units", Source.PERMIT) in _found(case)
    # The registry keeps what was seen beside what was declared and permitted.
    observed = case.parcel.snapshots.get(kind=SnapshotKind.OBSERVED)
    assert (observed.floors, observed.total_built_area) == (4, Decimal("472.50"))


def test_desk_figures_entered_after_the_visit_are_compared_too() -> None:
    case, visit = at_visit()
    _submit(visit, SEEN)
    planner = verified(staff_member(StaffRole.PLANNING_OFFICER, 7))

    changed = record_desk_figures(actor=planner, case=case, values={"floors": "۴", "units": "۵"})

    assert changed == 2
    units = Discrepancy.objects.get(case=case, key="units", source=Source.DESK)
    assert (units.reported_value, units.observed_value, units.reported_by) == (5, 3, planner)
    assert ("floors", Source.DESK) not in _found(case)
