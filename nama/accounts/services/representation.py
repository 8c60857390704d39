"""Representation: an owner authorises another registered person to act for them.

The owner names the representative by national ID and mobile (both must match one active
account), a scope (every service or listed service codes) and an expiry, then confirms with a
one-time code sent to the owner's own mobile. Either side can revoke at any time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.authz import can
from nama.accounts.constants import AccountKind, RepresentationStatus, SecurityEventKind
from nama.accounts.errors import InvalidCodeError
from nama.accounts.models import OneTimeCode, Representation, User
from nama.accounts.services.codes import INVALID_CODE_MESSAGE, issue_code, verify_code
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_mobile, validate_national_id
from nama.core.problems import ForbiddenError, NotFoundError
from nama.core.text import to_persian_digits
from nama.sms.services import send_sms

NO_SUCH_PERSON = "کاربر فعالی با این کد ملی و شماره همراه پیدا نشد."


def find_person(national_id: str, mobile: str) -> User:
    person = User.objects.filter(
        kind=AccountKind.CITIZEN,
        national_id=validate_national_id(national_id),
        mobile=validate_mobile(mobile),
        is_active=True,
    ).first()
    if person is None:
        raise ValidationError({"representative": [NO_SUCH_PERSON]}, code="no_such_person")
    return person


def _clean_services(services: list[str]) -> list[str]:
    cleaned = sorted({code.strip() for code in services if code and code.strip()})
    if any(len(code) > 40 for code in cleaned):
        raise ValidationError({"services": ["کد خدمت نادرست است."]})
    return cleaned


def _check_expiry(expires_at: datetime) -> None:
    now = timezone.now()
    latest = now + timedelta(days=settings.NAMA_REPRESENTATION_MAX_DAYS)
    if not now + timedelta(days=1) <= expires_at <= latest:
        days = to_persian_digits(str(settings.NAMA_REPRESENTATION_MAX_DAYS))
        raise ValidationError(
            {"expires_at": [f"پایان اعتبار باید دست‌کم یک روز بعد و حداکثر {days} روز دیگر باشد."]}
        )


def request_representation(
    *,
    owner: User,
    representative_national_id: str,
    representative_mobile: str,
    services: list[str],
    expires_at: datetime,
    client: ClientInfo | None,
) -> Representation:
    """Create a pending representation and send the owner a confirmation code."""
    if owner.kind != AccountKind.CITIZEN or not owner.mobile:
        raise ForbiddenError("فقط شهروندان با شماره همراه تأییدشده می‌توانند نماینده تعیین کنند.")
    person = find_person(representative_national_id, representative_mobile)
    if person.pk == owner.pk:
        raise ValidationError({"representative": ["نمی‌توانید خودتان را نماینده خود کنید."]})
    scope = _clean_services(services)
    _check_expiry(expires_at)
    with transaction.atomic():
        grant = Representation.objects.create(
            owner=owner, representative=person, services=scope, expires_at=expires_at
        )
        record_event(
            SecurityEventKind.REPRESENTATION_REQUESTED,
            client=client,
            actor=owner,
            subject=person,
            data={"representation": grant.pk, "services": scope},
        )
        issue_code(
            mobile=owner.mobile,
            purpose=OneTimeCode.Purpose.REPRESENTATION,
            client=client,
            user=owner,
            payload={"representation": grant.pk},
        )
    return grant


def resend_representation_code(
    *, owner: User, representation_id: int, client: ClientInfo | None
) -> None:
    """Send the owner a fresh code for a representation still waiting for confirmation."""
    grant = Representation.objects.filter(
        pk=representation_id, owner=owner, status=RepresentationStatus.PENDING
    ).first()
    if grant is None:
        raise NotFoundError("نمایندگی در انتظار تأییدی با این شناسه پیدا نشد.")
    issue_code(
        mobile=owner.mobile,
        purpose=OneTimeCode.Purpose.REPRESENTATION,
        client=client,
        user=owner,
        payload={"representation": grant.pk},
    )


def confirm_representation(
    *, owner: User, representation_id: int, code: str, client: ClientInfo | None
) -> Representation:
    """Activate the owner's pending representation with the code sent to the owner.

    An unknown id, or one not pending or not the owner's, is refused before the code is
    checked, so a slip of the id does not burn the code.
    """
    if not Representation.objects.filter(
        pk=representation_id, owner=owner, status=RepresentationStatus.PENDING
    ).exists():
        raise NotFoundError("نمایندگی در انتظار تأییدی با این شناسه پیدا نشد.")
    otp = verify_code(
        mobile=owner.mobile, purpose=OneTimeCode.Purpose.REPRESENTATION, code=code, client=client
    )
    if otp.user_id != owner.pk or otp.payload.get("representation") != representation_id:
        raise InvalidCodeError(INVALID_CODE_MESSAGE)
    with transaction.atomic():
        grant = Representation.objects.select_for_update().get(pk=representation_id)
        if grant.status != RepresentationStatus.PENDING:
            raise InvalidCodeError("این نمایندگی دیگر در انتظار تأیید نیست.")
        grant.status = RepresentationStatus.ACTIVE
        grant.confirmed_at = timezone.now()
        grant.save(update_fields=["status", "confirmed_at"])
        record_event(
            SecurityEventKind.REPRESENTATION_CONFIRMED,
            client=client,
            actor=owner,
            subject=grant.representative,
            data={"representation": grant.pk},
        )
        send_sms(
            to=grant.representative.mobile,
            text=f"{owner.display_name} شما را در اصفهان‌نما نماینده خود کرد.",
        )
    return grant


def revoke_representation(
    *, actor: User, representation_id: int, client: ClientInfo | None
) -> Representation:
    """End a representation; the owner or the representative may do it (idempotent)."""
    with transaction.atomic():
        grant = (
            Representation.objects.select_for_update()
            .select_related("owner", "representative")
            .filter(pk=representation_id)
            .first()
        )
        if grant is None or not can(actor, "representations.revoke", grant):
            raise NotFoundError("این نمایندگی پیدا نشد.")
        if grant.status == RepresentationStatus.REVOKED:
            return grant
        grant.status = RepresentationStatus.REVOKED
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor
        grant.save(update_fields=["status", "revoked_at", "revoked_by"])
        record_event(
            SecurityEventKind.REPRESENTATION_REVOKED,
            client=client,
            actor=actor,
            subject=grant.representative if actor.pk == grant.owner_id else grant.owner,
            data={"representation": grant.pk},
        )
    return grant
