"""Registration of citizens: details and password, then the code sent to the mobile."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import client, code_sent_message, me_out, problems
from nama.accounts.schemas import MeOut, MessageOut, RegisterIn, RegisterVerifyIn
from nama.accounts.services.registration import (
    clean_registration,
    confirm_registration,
    register_citizen,
)

router = Router(tags=["registration"])

REGISTRATION_RECEIVED = (
    "درخواست ثبت‌نام دریافت شد و کد تأیید به شماره همراه واردشده پیامک می‌شود. "
    "اگر پیش‌تر با این کد ملی ثبت‌نام کرده‌اید، به جای آن از «فراموشی گذرواژه» استفاده کنید."
)


@router.post(
    "/register",
    response={202: MessageOut, **problems(422, 429)},
    summary="Register a citizen",
    description=(
        "Checks every field at once (422 names each bad field) and sends a 6-digit code to the "
        "mobile. The answer is the same whether or not the national ID is already registered; "
        "the owner of an existing account is told by SMS instead. Confirm with "
        "`POST /api/v1/auth/register/verify`. 429 (`code_resend_too_soon`, "
        "`code_limit_reached`) carries `Retry-After`."
    ),
)
def register(request: HttpRequest, payload: RegisterIn) -> Status[MessageOut]:
    registration = clean_registration(
        national_id=payload.national_id,
        mobile=payload.mobile,
        first_name=payload.first_name,
        last_name=payload.last_name,
        birth_date=payload.birth_date,
        password=payload.password,
    )
    register_citizen(registration=registration, client=client(request))
    return Status(202, MessageOut(detail=code_sent_message(REGISTRATION_RECEIVED)))


@router.post(
    "/register/verify",
    response={200: MeOut, **problems(400, 422)},
    summary="Confirm a registration with the SMS code",
    description=(
        "Activates the account whose code this is and returns it; the client then signs in. "
        "A wrong, expired or used code is 400 `invalid_code` (5 wrong tries end a code)."
    ),
)
def verify_registration(request: HttpRequest, payload: RegisterVerifyIn) -> MeOut:
    user = confirm_registration(
        national_id=payload.national_id,
        mobile=payload.mobile,
        code=payload.code,
        client=client(request),
    )
    return me_out(user)
