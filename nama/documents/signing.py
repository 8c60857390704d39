"""Download tokens: which upload, for which user, signed and stamped with the time.

A token is ``TimestampSigner.sign_object({"u": <upload public id>, "p": <user pk>})`` under a
salt of its own, so no other signed value of the site can stand in for it. It is worth nothing
to anyone else (the view compares the user), nothing after ``NAMA_DOCUMENT_URL_SECONDS``, and
cannot be forged or altered without ``SECRET_KEY``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core import signing

SALT = "nama.documents.download"

BadTokenError = signing.BadSignature
ExpiredTokenError = signing.SignatureExpired


@dataclass(frozen=True)
class DownloadGrant:
    upload_id: uuid.UUID
    user_id: int


def make_token(*, upload_id: uuid.UUID, user_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"u": upload_id.hex, "p": user_id})


def read_token(token: str, *, max_age: int) -> DownloadGrant:
    """The grant a token carries; ``ExpiredTokenError`` when too old, ``BadTokenError`` when
    altered or not ours."""
    value = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    try:
        return DownloadGrant(upload_id=uuid.UUID(hex=value["u"]), user_id=int(value["p"]))
    except (KeyError, TypeError, ValueError) as error:
        raise BadTokenError("malformed download token") from error
