"""The signed-in user: who they are and the API tokens of their devices."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from nama.accounts.api.common import client, me_out, problems
from nama.accounts.api_auth import current_user, token_or_session
from nama.accounts.schemas import MeOut, TokenOut
from nama.accounts.selectors import tokens_of
from nama.accounts.services.tokens import revoke_token

router = Router(tags=["me"], auth=token_or_session)


@router.get(
    "",
    response={200: MeOut, **problems(401)},
    summary="The signed-in user",
    description=(
        "Bearer token or session. Staff roles (with their districts) appear only when the "
        "session or token passed the second factor. The mobile number is masked."
    ),
)
def me(request: HttpRequest) -> MeOut:
    return me_out(current_user(request))


@router.get(
    "/tokens",
    response={200: list[TokenOut], **problems(401)},
    summary="The user's API tokens",
    description="Every token of the user's devices, newest first, with revoked ones marked.",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    tokens = tokens_of(current_user(request))
    return [
        TokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            expires_at=token.expires_at,
            last_used_at=token.last_used_at,
            revoked=token.revoked_at is not None,
        )
        for token in tokens
    ]


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **problems(401, 403, 404)},
    summary="Revoke one of the user's tokens",
    description="Idempotent; another user's token is 404.",
)
def delete_token(request: HttpRequest, token_id: int) -> Status[None]:
    revoke_token(user=current_user(request), token_id=token_id, client=client(request))
    return Status(204, None)
