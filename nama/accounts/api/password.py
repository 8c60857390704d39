"""Forgotten password: a code to the account's mobile, then a new password."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import client, code_sent_message, problems
from nama.accounts.schemas import CodeRequestIn, MessageOut, PasswordResetIn
from nama.accounts.services.recovery import request_password_reset, reset_password

router = Router(tags=["password"])

RESET_REQUESTED = (
    "اگر کد ملی و شماره همراه متعلق به یک حساب فعال باشد، کد بازیابی به همین شماره پیامک می‌شود."
)
PASSWORD_RESET_DONE = "گذرواژه تازه ثبت شد. اکنون با آن وارد شوید."  # noqa: S105 - a message


@router.post(
    "/password/reset/request",
    response={202: MessageOut, **problems(422, 429)},
    summary="Ask for a password-reset code by SMS",
    description=(
        "Sends a code when the national ID and mobile belong to one active citizen; the answer "
        "is identical when they do not. 429 carries `Retry-After`."
    ),
)
def request_reset(request: HttpRequest, payload: CodeRequestIn) -> Status[MessageOut]:
    request_password_reset(
        national_id=payload.national_id, mobile=payload.mobile, client=client(request)
    )
    return Status(202, MessageOut(detail=code_sent_message(RESET_REQUESTED)))


@router.post(
    "/password/reset/confirm",
    response={200: MessageOut, **problems(400, 422)},
    summary="Set a new password with the reset code",
    description=(
        "A weak new password is 422 (the code is not used up); a wrong code 400 `invalid_code`. "
        "Every API token of the account is revoked and other sessions end."
    ),
)
def confirm_reset(request: HttpRequest, payload: PasswordResetIn) -> MessageOut:
    reset_password(
        national_id=payload.national_id,
        mobile=payload.mobile,
        code=payload.code,
        new_password=payload.new_password,
        client=client(request),
    )
    return MessageOut(detail=PASSWORD_RESET_DONE)
