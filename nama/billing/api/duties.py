"""Yearly duties in the API: what the caller owes per subject, issuing a statement's bills, and
the caller's vehicles (``/api/v1/bills/duties``, ``/api/v1/bills/vehicles``)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from nama.accounts.api.common import problems
from nama.accounts.api_auth import current_user
from nama.accounts.models import User
from nama.billing.api.common import bill_summary, labelled
from nama.billing.api.routers import router
from nama.billing.api.schemas import (
    DutiesOut,
    DutyStatementIn,
    DutyStatementOut,
    DutySubjectOut,
    VehicleIn,
    VehicleOut,
)
from nama.billing.constants import DUTY_PURPOSES, Purpose
from nama.billing.models import Vehicle
from nama.billing.selectors import duty_rows, duty_subjects, duty_terms, owned_vehicles
from nama.billing.services.settlement import duty_bills
from nama.billing.services.vehicles import add_vehicle, remove_vehicle
from nama.core.problems import ApiError, NotFoundError

SUBJECT_FIELD = {
    Purpose.RENEWAL_DUTY: "parcel",
    Purpose.BUSINESS_DUTY: "unit",
    Purpose.VEHICLE_DUTY: "vehicle",
}
NOT_YOURS = "این مورد در فهرست شما نیست."


class SubjectError(ApiError):
    status, code, title = 422, "subject_invalid", "Unprocessable content"


def _subjects(purpose: Purpose, user: User) -> list[DutySubjectOut]:
    field = SUBJECT_FIELD[purpose]
    return [
        DutySubjectOut(
            purpose=labelled(purpose, purpose.label),
            kind=field,
            id=row.subject.pk,
            label=row.subject.label,
            detail=row.subject.detail,
            unpaid_years=row.unpaid_years,
            open_bills=[bill_summary(bill) for bill in row.open_bills],
            open_amount=sum(bill.amount for bill in row.open_bills),
        )
        for row in duty_rows(purpose, user)
    ]


@router.get(
    "/duties",
    response={200: DutiesOut, **problems(401)},
    summary="My yearly duties",
    description=(
        "Your properties (renewal duty), shop units (business duty) and vehicles (vehicle "
        "duty), each with its unpaid years and the bills already issued and unpaid."
    ),
)
def list_duties(request: HttpRequest) -> DutiesOut:
    user = current_user(request)
    return DutiesOut(
        items=[item for purpose in SUBJECT_FIELD for item in _subjects(purpose, user)],
        terms={purpose.value: duty_terms(purpose) for purpose in SUBJECT_FIELD},
    )


@router.post(
    "/duties/{purpose}/statement",
    response={200: DutyStatementOut, **problems(401, 404, 409, 422)},
    summary="Issue the bills of a yearly duty",
    description=(
        "`purpose` is renewal_duty (send `parcel`), business_duty (`unit`) or vehicle_duty "
        "(`vehicle`). Prices every unpaid year and issues its bills (one per beneficiary "
        "account); answers with the bills already issued and unpaid when there are. Nothing "
        "owed: 409 `nothing_owed`; not yours: 404."
    ),
)
def issue_statement(
    request: HttpRequest, purpose: str, payload: DutyStatementIn
) -> DutyStatementOut:
    user = current_user(request)
    if purpose not in DUTY_PURPOSES:
        raise NotFoundError("این نوع عوارض شناخته نیست.")
    duty = Purpose(purpose)
    field = SUBJECT_FIELD[duty]
    wanted = getattr(payload, field)
    others = [name for name in SUBJECT_FIELD.values() if name != field and getattr(payload, name)]
    if wanted is None or others:
        raise SubjectError(
            f"برای این عوارض فقط «{field}» را بفرستید.", errors={field: ["لازم است."]}
        )
    subject = next((item for item in duty_subjects(duty, user) if item.pk == wanted), None)
    if subject is None:
        raise NotFoundError(NOT_YOURS)
    bills = duty_bills(purpose=duty, payer=user, **subject.kwargs)
    return DutyStatementOut(bills=[bill_summary(bill) for bill in bills])


def _vehicle_out(vehicle: Vehicle) -> VehicleOut:
    return VehicleOut(
        id=vehicle.pk,
        plate=vehicle.plate,
        vehicle_class=labelled(vehicle.vehicle_class, vehicle.get_vehicle_class_display()),
        model_year=vehicle.model_year,
        title=vehicle.title,
    )


@router.get(
    "/vehicles",
    response={200: list[VehicleOut], **problems(401)},
    summary="My vehicles",
    description="Your active vehicles, by plate; their duties are in `/api/v1/bills/duties`.",
)
def list_vehicles(request: HttpRequest) -> list[VehicleOut]:
    return [_vehicle_out(vehicle) for vehicle in owned_vehicles(current_user(request))]


@router.post(
    "/vehicles",
    response={201: VehicleOut, **problems(401, 422)},
    summary="Add a vehicle",
    description=(
        "`plate` as on the plate, any digits: `12ب345-13` or `۱۲ ب ۳۴۵ ایران ۱۳`; "
        "`vehicle_class` one of passenger, van, motorcycle, minibus, bus, truck; `model_year` "
        "Jalali, 1300 to this year. A plate already active is refused (422, `errors.plate`)."
    ),
)
def create_vehicle(request: HttpRequest, payload: VehicleIn) -> Status[VehicleOut]:
    vehicle = add_vehicle(
        actor=current_user(request),
        plate=payload.plate,
        vehicle_class=payload.vehicle_class,
        model_year=payload.model_year,
        title=payload.title,
    )
    return Status(201, _vehicle_out(vehicle))


@router.delete(
    "/vehicles/{int:pk}",
    response={204: None, **problems(401, 404, 409)},
    summary="Remove a vehicle",
    description="Takes it off your list; 409 `vehicle_has_open_bills` while a bill is unpaid.",
)
def delete_vehicle(request: HttpRequest, pk: int) -> Status[None]:
    user = current_user(request)
    vehicle = owned_vehicles(user).filter(pk=pk).first()
    if vehicle is None:
        raise NotFoundError("این خودرو پیدا نشد.")
    remove_vehicle(actor=user, vehicle=vehicle)
    return Status(204, None)
