"""The inspection panel of a request's staff page: report, photos with far-from-parcel flags,
and each figure compared value by value with who reported it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.utils import timezone

from nama.accounts.constants import StaffRole
from nama.accounts.models import User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.models import Case
from nama.documents.tests import samples
from nama.inspections.selectors.panel import case_panel
from nama.inspections.services import DraftIn, PhotoIn, add_photo, submit_report
from nama.inspections.tests.builders import at_visit, lonlat_east_of
from nama.inspections.tests.test_find_discrepancies import ALL_YES
from nama.visits.models import Visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

PANEL = Template('{% include "inspections/partials/case_panel.html" %}')


def _visited() -> tuple[Case, Visit]:
    owner = make_user(first_name="مریم", last_name="احمدی")
    case, visit = at_visit(owner=owner)
    assert case.parcel is not None
    lat, lon = lonlat_east_of(case.parcel, 250)
    add_photo(
        actor=visit.inspector,
        visit=visit,
        file=ContentFile(samples.jpeg(), name="a.jpg"),
        filename="a.jpg",
        photo=PhotoIn(lat=lat, lon=lon, accuracy=5, taken_at=timezone.now() - timedelta(minutes=1)),
    )
    values = {"floors": "4", "units": "3", "violations": "اضافه‌بنا در بام"}
    draft = DraftIn(revision=0, values=values, checklist=ALL_YES, notes="مالک حاضر بود")
    submit_report(actor=visit.inspector, visit=visit, submission_key="k", draft=draft)
    return case, visit


def test_staff_of_the_district_see_the_report_photos_and_discrepancies() -> None:
    case, _visit = _visited()
    planner = verified(staff_member(StaffRole.PLANNING_OFFICER, 7))

    html = PANEL.render(Context({"case": case, "user": planner}))

    assert "بازدید میدانی" in html
    assert "۱ مغایرت" in html
    assert "اضافه‌بنا در بام" in html
    assert "مالک حاضر بود" in html
    assert "دور از ملک: ۲۵۰ متر" in html
    assert 'src="/files/' in html
    # Value by value: the applicant's 3 floors against the 4 seen, with who said so.
    row = html.split('data-figure="floors"')[1].split("</tr>")[0]
    assert "اظهار متقاضی" in row
    assert "مریم احمدی" in row
    assert "۳ طبقه" in row
    assert "۴ طبقه" in row
    assert "مغایرت" in row
    units = html.split('data-figure="units"')[1].split("</tr>")[0]
    assert "همخوان" in units


@pytest.mark.parametrize(
    "who",
    [
        lambda case: case.applicant,
        lambda case: make_user(),
        lambda case: verified(staff_member(StaffRole.PLANNING_OFFICER, 3)),
    ],
    ids=["citizen owner", "unrelated user", "staff of another district"],
)
def test_nobody_else_sees_the_panel(who: Callable[[Case], User]) -> None:
    case, _visit = _visited()
    user = who(case)

    assert case_panel(user, case) is None
    assert PANEL.render(Context({"case": case, "user": user})).strip() == ""
