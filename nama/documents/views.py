"""The one way a stored document leaves the server: a signed, expiring, per-user URL."""

from __future__ import annotations

import logging

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.api_auth import BearerTokenAuth
from nama.accounts.models import User
from nama.documents.constants import Disposition
from nama.documents.models import Upload
from nama.documents.selectors import open_upload, servable_upload, url_lifetime_seconds
from nama.documents.signing import BadTokenError, ExpiredTokenError, read_token
from nama.documents.validation import FORMATS

logger = logging.getLogger(__name__)

# Images and downloads get a sandbox: even a file a browser misread could run nothing in our
# origin. PDFs do not: Chrome refuses to start its PDF viewer in a sandboxed document, so a
# PDF gets a policy that allows nothing but the viewer (its JavaScript is refused at upload).
_SANDBOXED = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
_PDF = (
    "default-src 'none'; object-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@require_safe
def serve(request: HttpRequest, token: str) -> HttpResponseBase:
    """Serve the upload a token names to the user it was made for, if access still holds."""
    user = _requesting_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    try:
        grant = read_token(token, max_age=url_lifetime_seconds())
    except ExpiredTokenError:
        return render(request, "documents/link_expired.html", status=410)
    except BadTokenError as error:
        raise Http404 from error
    if grant.user_id != user.pk:
        raise PermissionDenied
    upload = servable_upload(user=user, public_id=grant.upload_id)
    if upload is None:
        raise Http404
    logger.info("document %s served to user %s", upload.public_id, user.pk)
    return file_response(upload)


def _requesting_user(request: HttpRequest) -> User | None:
    """The session's user, or the owner of a bearer API token (the mobile app)."""
    if request.user.is_authenticated and isinstance(request.user, User):
        return request.user
    if "HTTP_AUTHORIZATION" not in request.META:
        return None
    user = BearerTokenAuth()(request)
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def file_response(upload: Upload) -> FileResponse:
    rule = FORMATS[upload.stored_file.format]
    attachment = rule.disposition == Disposition.ATTACHMENT
    response = FileResponse(
        open_upload(upload),
        content_type=upload.stored_file.content_type,
        as_attachment=attachment,
        filename=upload.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _PDF if rule.format == "pdf" else _SANDBOXED
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
