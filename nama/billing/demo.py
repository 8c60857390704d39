"""Demo data of billing (runs after the worklist):

- the tariff books and beneficiary accounts of ``nama/billing/data`` (illustrative figures);
- renewal duty paid before the platform through 1403 for the demo citizens' District 7
  properties, so 1404 shows as arrears beside this year's duty;
- Maryam's building permit (D15) on the parcel she shares with Reza, taken through the desk
  check, the visit, the technical review and the fee computation: it waits for her to accept
  its fees;
- a car and a grocery (in a shop unit of her properties, if the synthetic city put one
  there) for her vehicle and business duties;
- Reza's renewal duty statement with its bill issued, so the revenue officer finds a bill.

Everything goes through the services a person's clicks use; the fee computation is run at
once instead of waiting for a worker. Idempotent: nothing is made twice.
"""

from __future__ import annotations

from django.db.models import QuerySet

from nama.accounts.demo import CITIZENS
from nama.accounts.models import User
from nama.billing.constants import Purpose, VehicleClass
from nama.billing.models import Bill, Business, Vehicle
from nama.billing.services.bills import issue_bills
from nama.billing.services.duties import duty_statement, record_opening_balance
from nama.billing.services.vehicles import add_vehicle
from nama.billing.tariffs.files import sync_tariffs
from nama.cases.models import Case
from nama.cases.services import act
from nama.core.demo import DemoLogin
from nama.demo.worklist import first_slot, submitted_request, verified_staff
from nama.inspections.selectors import all_clear_checklist
from nama.inspections.services import DraftIn, submit_report
from nama.parcels.constants import UnitKind
from nama.parcels.models import Parcel, Unit
from nama.parcels.selectors import parcels_owned_by
from nama.visits.services import book_visit

# The first year of the demo tariff books: paid before the platform, so later years are owed.
PAID_THROUGH = 1403
REPORT = {"land_area": "240", "floors": "0", "violations": ""}


def demo_billing() -> list[DemoLogin]:
    sync_tariffs(actor=None)
    maryam = User.objects.get(username=CITIZENS[0][0])
    reza = User.objects.get(username=CITIZENS[1][0])
    hers, his = _parcels(maryam), _parcels(reza)
    for parcel in {*hers, *his}:
        _paid_before(Purpose.RENEWAL_DUTY, parcel=parcel)
    shared = next(iter(set(hers) & set(his)))
    _permit_waiting_for_consent(maryam, shared)
    _car(maryam)
    _grocery(hers)
    _duty_bill(reza, next(iter(set(his) - set(hers))))
    return []


def _parcels(user: User) -> QuerySet[Parcel]:
    return parcels_owned_by(user).filter(district__number=7).order_by("pk")


def _paid_before(
    purpose: Purpose,
    *,
    parcel: Parcel | None = None,
    unit: Unit | None = None,
    vehicle: Vehicle | None = None,
) -> None:
    record_opening_balance(
        purpose=purpose,
        through_year=PAID_THROUGH,
        actor=None,
        parcel=parcel,
        unit=unit,
        vehicle=vehicle,
    )


def _permit_waiting_for_consent(applicant: User, parcel: Parcel) -> None:
    if Case.objects.filter(applicant=applicant, parcel=parcel, service__code="D15").exists():
        return
    case = submitted_request(applicant, parcel, "D15")
    act(actor=verified_staff("clerk7"), case=case, action="request_visit")
    visit = book_visit(actor=applicant, case=case, starts_at=first_slot(case))
    visit.refresh_from_db()  # its request has moved on to the visit
    draft = DraftIn(revision=0, values=REPORT, checklist=all_clear_checklist(case))
    submit_report(
        actor=verified_staff("inspector7"), visit=visit, submission_key="demo-fees", draft=draft
    )
    act(actor=verified_staff("planner7"), case=case, action="approve_technically")
    record = act(actor=verified_staff("revenue7"), case=case, action="assess_fees")
    case.workflow_effect("assess_fees", record)  # now; the worker then finds it done


def _car(owner: User) -> None:
    if Vehicle.objects.filter(owner=owner).exists():
        return
    vehicle = add_vehicle(
        actor=owner,
        plate="۲۴ ص ۳۶۵ ایران ۱۳",
        vehicle_class=VehicleClass.PASSENGER,
        model_year=1398,
        title="پژو ۲۰۶",
    )
    _paid_before(Purpose.VEHICLE_DUTY, vehicle=vehicle)


def _grocery(parcels: QuerySet[Parcel]) -> None:
    shop = Unit.objects.filter(building__parcel__in=parcels, kind=UnitKind.SHOP).first()
    if shop is None or Business.objects.filter(unit=shop).exists():
        return
    Business.objects.create(
        unit=shop, guild="grocery", title="سوپرمارکت نمونه", licence_number="1398-0712"
    )
    _paid_before(Purpose.BUSINESS_DUTY, unit=shop)


def _duty_bill(payer: User, parcel: Parcel) -> None:
    if Bill.objects.filter(parcel=parcel, purpose=Purpose.RENEWAL_DUTY).exists():
        return
    statement = duty_statement(purpose=Purpose.RENEWAL_DUTY, payer=payer, parcel=parcel)
    issue_bills(assessment=statement, actor=payer)
