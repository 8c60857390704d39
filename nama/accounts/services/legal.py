"""Legal persons (companies) and the natural persons authorised to act for them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nama.accounts.audit import record_event
from nama.accounts.authz import can
from nama.accounts.constants import AccountKind, SecurityEventKind
from nama.accounts.models import LegalPerson, LegalPersonAgent, User
from nama.accounts.services.representation import find_person
from nama.core.http import ClientInfo
from nama.core.identifiers import validate_legal_id
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.core.text import normalize_persian


def register_legal_person(
    *, actor: User, legal_id: str, name: str, title: str, client: ClientInfo | None
) -> LegalPerson:
    """Register a company by its national legal ID; the registering citizen is its first agent."""
    if actor.kind != AccountKind.CITIZEN:
        raise ForbiddenError("فقط شهروندان می‌توانند شخص حقوقی ثبت کنند.")
    legal_id = validate_legal_id(legal_id)
    name = normalize_persian(name or "").strip()
    if not 2 <= len(name) <= 200:
        raise ValidationError({"name": ["نام شخص حقوقی باید بین ۲ تا ۲۰۰ نویسه باشد."]})
    try:
        with transaction.atomic():
            company = LegalPerson.objects.create(legal_id=legal_id, name=name, registered_by=actor)
            _add_agent(company, actor, actor, title, client)
            record_event(
                SecurityEventKind.LEGAL_PERSON_REGISTERED,
                client=client,
                actor=actor,
                data={"legal_id": legal_id},
            )
    except IntegrityError as error:
        raise ConflictError(
            "این شخص حقوقی پیش‌تر ثبت شده است؛ از نمایندگان آن بخواهید شما را اضافه کنند.",
            code="legal_person_exists",
        ) from error
    return company


def _add_agent(
    company: LegalPerson, user: User, actor: User, title: str, client: ClientInfo | None
) -> LegalPersonAgent:
    agency = LegalPersonAgent.objects.create(
        legal_person=company, user=user, granted_by=actor, title=(title or "").strip()[:100]
    )
    record_event(
        SecurityEventKind.LEGAL_AGENT_GRANTED,
        client=client,
        actor=actor,
        subject=user,
        data={"legal_id": company.legal_id},
    )
    return agency


def add_agent(
    *,
    actor: User,
    legal_person: LegalPerson,
    national_id: str,
    mobile: str,
    title: str,
    client: ClientInfo | None,
) -> LegalPersonAgent:
    """An agent of the company authorises another registered person to act for it."""
    if not can(actor, "legal_persons.act", legal_person):
        raise NotFoundError("این شخص حقوقی پیدا نشد.")
    person = find_person(national_id, mobile)
    try:
        with transaction.atomic():
            return _add_agent(legal_person, person, actor, title, client)
    except IntegrityError as error:
        raise ConflictError("این شخص هم‌اکنون نماینده است.", code="already_agent") from error


def revoke_agent(*, actor: User, agency_id: int, client: ClientInfo | None) -> None:
    """An agent ends their own or another agent's authority; the last agent cannot leave."""
    with transaction.atomic():
        agency = (
            LegalPersonAgent.objects.select_for_update()
            .select_related("legal_person", "user")
            .filter(pk=agency_id, revoked_at__isnull=True)
            .first()
        )
        if agency is None or not can(actor, "legal_persons.act", agency.legal_person):
            raise NotFoundError("این نمایندگی پیدا نشد.")
        others = LegalPersonAgent.objects.filter(
            legal_person=agency.legal_person, revoked_at__isnull=True
        ).exclude(pk=agency.pk)
        if not others.exists():
            raise ConflictError(
                "آخرین نماینده را نمی‌توان حذف کرد؛ نخست نماینده دیگری اضافه کنید.",
                code="last_agent",
            )
        agency.revoked_at = timezone.now()
        agency.save(update_fields=["revoked_at"])
        record_event(
            SecurityEventKind.LEGAL_AGENT_REVOKED,
            client=client,
            actor=actor,
            subject=agency.user,
            data={"legal_id": agency.legal_person.legal_id},
        )
