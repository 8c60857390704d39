"""Request and response bodies of the accounts API.

Schemas only parse: identifiers are read with the one rule in ``nama.core.identifiers`` (so an
error names its field) and Jalali dates with ``nama.core.jalali``; every other rule lives in the
services. Field descriptions and examples are what /api/openapi.json shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.jalali import parse_jalali_date

NATIONAL_ID_EXAMPLE = "0012345679"
MOBILE_EXAMPLE = "09123456789"


def _parsed_by(rule: Callable[[str], Any], error_type: str) -> Callable[[Any], Any]:
    """Run a Django-style rule as a pydantic validator, keeping its Persian message."""

    def parse(value: Any) -> Any:
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "باید متن باشد.")
        try:
            return rule(value)
        except DjangoValidationError as error:
            raise PydanticCustomError(error_type, "؛ ".join(error.messages)) from error

    return parse


NationalId = Annotated[
    str,
    Field(max_length=20, description="کد ملی (10 digits; Persian/Arabic digits accepted)."),
    AfterValidator(_parsed_by(validate_national_id, "national_id")),
    WithJsonSchema({"type": "string", "maxLength": 20, "examples": [NATIONAL_ID_EXAMPLE]}),
]
Mobile = Annotated[
    str,
    Field(
        max_length=20, description="Mobile number; 09…, +98…, 0098… and Persian digits accepted."
    ),
    AfterValidator(_parsed_by(validate_mobile, "mobile")),
    WithJsonSchema(
        {"type": "string", "maxLength": 20, "examples": [MOBILE_EXAMPLE, "۰۹۱۲۳۴۵۶۷۸۹"]}
    ),
]
JalaliDate = Annotated[
    date,
    PlainValidator(_parsed_by(parse_jalali_date, "jalali_date")),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A Jalali (Solar Hijri) date, YYYY/MM/DD, any digit script.",
            "examples": ["1370/05/12", "۱۳۷۰/۰۵/۱۲"],
        }
    ),
]
Code = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20,
        description="The 6-digit code from the SMS (Persian/Arabic digits accepted).",
        examples=["482913"],
    ),
]
Password = Annotated[
    str, Field(max_length=1024, description="Password.", examples=["Zayandeh-Rud-1404"])
]
SignInMode = Annotated[
    Literal["session", "token"],
    Field(
        description=(
            "`token` (the mobile app): the answer carries a bearer token, shown once. "
            "`session` (the same-origin web client only): sets Django's session cookie and needs "
            "the CSRF token in an `X-CSRFToken` header, like any Django form."
        )
    ),
]
TokenName = Annotated[
    str,
    Field(
        max_length=100,
        description="A name for the token, shown on the user's security page (token mode).",
        examples=["Galaxy A54"],
    ),
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# --- Requests ----------------------------------------------------------------------------------


class RegisterIn(Schema):
    """A citizen's registration; the account becomes active once the mobile is confirmed."""

    model_config = _examples(
        {
            "national_id": NATIONAL_ID_EXAMPLE,
            "mobile": MOBILE_EXAMPLE,
            "first_name": "مریم",
            "last_name": "احمدی",
            "birth_date": "1370/05/12",
            "password": "Zayandeh-Rud-1404",
        }
    )

    national_id: str = Field(max_length=20, description="کد ملی (checked by the service).")
    mobile: str = Field(max_length=20, description="Mobile number that receives the code.")
    first_name: str = Field(max_length=100, description="First name (2–50 characters).")
    last_name: str = Field(max_length=100, description="Last name (2–50 characters).")
    birth_date: JalaliDate
    password: Password


class RegisterVerifyIn(Schema):
    model_config = _examples(
        {"national_id": NATIONAL_ID_EXAMPLE, "mobile": MOBILE_EXAMPLE, "code": "482913"}
    )

    national_id: NationalId
    mobile: Mobile
    code: Code


class PasswordLoginIn(Schema):
    """Sign in with a password; staff add the code of their authenticator app as ``otp``."""

    model_config = _examples(
        {
            "identifier": NATIONAL_ID_EXAMPLE,
            "password": "Zayandeh-Rud-1404",
            "mode": "token",
            "token_name": "Galaxy A54",
        },
        {"identifier": "m.karimi", "password": "…", "otp": "123456", "mode": "session"},
    )

    identifier: str = Field(
        max_length=150, description="National ID for citizens, the username for staff and partners."
    )
    password: Password
    otp: str = Field(
        "",
        max_length=20,
        description="Staff only: the 6-digit code of the authenticator app (second factor).",
    )
    mode: SignInMode = "token"
    token_name: TokenName = ""


class CodeRequestIn(Schema):
    """National ID and mobile of the account; the answer is the same whether they match or not."""

    model_config = _examples({"national_id": NATIONAL_ID_EXAMPLE, "mobile": MOBILE_EXAMPLE})

    national_id: NationalId
    mobile: Mobile


class CodeLoginIn(Schema):
    model_config = _examples(
        {
            "national_id": NATIONAL_ID_EXAMPLE,
            "mobile": MOBILE_EXAMPLE,
            "code": "482913",
            "mode": "token",
            "token_name": "Galaxy A54",
        }
    )

    national_id: NationalId
    mobile: Mobile
    code: Code
    mode: SignInMode = "token"
    token_name: TokenName = ""


class PasswordResetIn(Schema):
    model_config = _examples(
        {
            "national_id": NATIONAL_ID_EXAMPLE,
            "mobile": MOBILE_EXAMPLE,
            "code": "482913",
            "new_password": "Naqsh-e-Jahan-1404",
        }
    )

    national_id: NationalId
    mobile: Mobile
    code: Code
    new_password: Password


class CodeIn(Schema):
    model_config = _examples({"code": "482913"})

    code: Code


class RepresentationIn(Schema):
    """Authorise another registered citizen to act for you (confirmed by a code to your mobile)."""

    model_config = _examples(
        {
            "representative_national_id": "0499370899",
            "representative_mobile": "09351234567",
            "services": [],
            "expires_at": "1405/12/29",
        }
    )

    representative_national_id: str = Field(
        max_length=20, description="کد ملی of the representative (an active citizen account)."
    )
    representative_mobile: str = Field(
        max_length=20, description="The representative's mobile, as registered on their account."
    )
    services: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Service codes the representation covers; empty means every service.",
    )
    expires_at: JalaliDate = Field(
        description="Last day of the representation (Jalali); it ends when that day ends in Tehran."
    )


# --- Responses ---------------------------------------------------------------------------------


class MessageOut(Schema):
    detail: str = Field(description="A Persian message for the user.")


class ProblemOut(Schema):
    """RFC 9457 problem details, sent as application/problem+json."""

    type: str = Field(examples=["https://nama.isfahan.ir/problems/invalid_credentials"])
    title: str = Field(examples=["Invalid credentials"])
    status: int = Field(examples=[401])
    code: str = Field(description="Stable machine code.", examples=["invalid_credentials"])
    detail: str = Field(
        description="Persian message for people.",
        examples=["شناسه کاربری (کد ملی) یا گذرواژه نادرست است."],
    )
    request_id: str | None = Field(None, description="Matches the X-Request-ID header.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Validation errors: field → Persian messages (422 only)."
    )


class DistrictOut(Schema):
    code: str
    number: int | None
    name: str


class RoleOut(Schema):
    role: str = Field(examples=["desk_clerk"])
    label: str = Field(examples=["کارمند پیشخوان شهرسازی"])
    district: DistrictOut | None = Field(description="Null for a city-wide role.")


class PartnerOut(Schema):
    code: str
    name: str
    kind: str = Field(examples=["bank"])


class MeOut(Schema):
    """The signed-in user as they may see themselves (no database ids)."""

    username: str
    kind: str = Field(description="citizen, staff or partner.", examples=["citizen"])
    first_name: str
    last_name: str
    display_name: str
    national_id: str | None = Field(description="The user's own national ID (citizens).")
    mobile: str = Field(description="Masked mobile.", examples=["0912***6789"])
    mobile_verified: bool
    roles: list[RoleOut] = Field(
        description="Staff roles with their districts; only in a session or token that passed "
        "the second factor."
    )
    partner: PartnerOut | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters after `nama_`, to recognise a token.")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked: bool = Field(description="Revoked by the user or by a password change.")


class IssuedTokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str = Field(
        description="The bearer token. Shown only now; send it as `Authorization: Bearer …`.",
        examples=["nama_Hk3…"],
    )
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_at: datetime


class LoginOut(Schema):
    mode: Literal["session", "token"]
    user: MeOut
    token: IssuedTokenOut | None = Field(None, description="Only in token mode.")
    csrf_token: str | None = Field(
        None,
        description="Session mode only: signing in rotates the CSRF token; send this one as "
        "`X-CSRFToken` from now on (the cookie itself is HttpOnly).",
    )


class PersonOut(Schema):
    display_name: str
    national_id: str = Field(description="Masked national ID.", examples=["001****679"])


class RepresentationOut(Schema):
    id: int
    status: str = Field(description="pending, active or revoked.", examples=["pending"])
    status_label: str = Field(examples=["در انتظار تأیید مالک"])
    services: list[str] = Field(description="Covered service codes; empty means every service.")
    owner: PersonOut
    representative: PersonOut
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None
    revoked_at: datetime | None


class RepresentationsOut(Schema):
    given: list[RepresentationOut] = Field(description="People who may act for you.")
    held: list[RepresentationOut] = Field(description="People you may act for.")
