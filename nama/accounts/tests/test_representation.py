"""An owner authorises a representative by code; either side revokes; strangers cannot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nama.accounts.authz import may_act_for
from nama.accounts.constants import RepresentationStatus
from nama.accounts.errors import InvalidCodeError
from nama.accounts.models import OneTimeCode, Representation
from nama.accounts.services.representation import (
    confirm_representation,
    request_representation,
    resend_representation_code,
    revoke_representation,
)
from nama.accounts.tests.factories import make_user
from nama.core.http import ClientInfo
from nama.core.problems import NotFoundError
from nama.sms.testing import Outbox

pytestmark = pytest.mark.django_db
CLIENT = ClientInfo(ip="192.0.2.60")


def _request(owner: object, agent: object, **overrides: object) -> Representation:
    args: dict[str, object] = {
        "owner": owner,
        "representative_national_id": agent.national_id,  # type: ignore[attr-defined]
        "representative_mobile": agent.mobile,  # type: ignore[attr-defined]
        "services": ["D15", "D16"],
        "expires_at": timezone.now() + timedelta(days=90),
        "client": CLIENT,
    }
    return request_representation(**{**args, **overrides})  # type: ignore[arg-type]


def test_owner_confirms_with_the_code_sent_to_their_own_mobile(sms_outbox: Outbox) -> None:
    owner, agent = make_user(), make_user()
    grant = _request(owner, agent)
    assert grant.status == RepresentationStatus.PENDING
    assert not may_act_for(agent, owner, "D15")
    code = sms_outbox.last_code(owner.mobile)
    confirm_representation(owner=owner, representation_id=grant.pk, code=code, client=CLIENT)
    assert may_act_for(agent, owner, "D15")
    assert not may_act_for(agent, owner, "G32")
    assert sms_outbox.to(agent.mobile)  # the representative is told


def test_a_wrong_code_or_another_grants_code_does_not_confirm(sms_outbox: Outbox) -> None:
    owner, agent = make_user(), make_user()
    grant = _request(owner, agent)
    with pytest.raises(InvalidCodeError):
        confirm_representation(
            owner=owner, representation_id=grant.pk, code="000000", client=CLIENT
        )
    code = sms_outbox.last_code(owner.mobile)
    # A slip of the id is refused before the code is checked: the code still works after.
    with pytest.raises(NotFoundError):
        confirm_representation(
            owner=owner, representation_id=grant.pk + 1000, code=code, client=CLIENT
        )
    grant.refresh_from_db()
    assert grant.status == RepresentationStatus.PENDING
    confirm_representation(owner=owner, representation_id=grant.pk, code=code, client=CLIENT)


def test_the_representative_must_match_national_id_and_mobile() -> None:
    owner, agent = make_user(), make_user()
    with pytest.raises(ValidationError) as refused:
        _request(owner, agent, representative_mobile="09350000000")
    assert "representative" in refused.value.message_dict
    assert not Representation.objects.exists()


def test_no_self_representation_and_a_sane_expiry() -> None:
    owner = make_user()
    with pytest.raises(ValidationError):
        _request(owner, owner)
    with pytest.raises(ValidationError):
        _request(owner, make_user(), expires_at=timezone.now() + timedelta(days=3650))
    assert not Representation.objects.exists()


@pytest.mark.parametrize("who", ["owner", "representative"])
def test_either_side_can_revoke(sms_outbox: Outbox, who: str) -> None:
    owner, agent = make_user(), make_user()
    grant = _request(owner, agent)
    confirm_representation(
        owner=owner,
        representation_id=grant.pk,
        code=sms_outbox.last_code(owner.mobile),
        client=CLIENT,
    )
    actor = owner if who == "owner" else agent
    revoke_representation(actor=actor, representation_id=grant.pk, client=CLIENT)
    assert not may_act_for(agent, owner, "D15")


def test_an_unrelated_user_cannot_revoke_and_nothing_changes(sms_outbox: Outbox) -> None:
    owner, agent, stranger = make_user(), make_user(), make_user()
    grant = _request(owner, agent)
    with pytest.raises(NotFoundError):
        revoke_representation(actor=stranger, representation_id=grant.pk, client=CLIENT)
    grant.refresh_from_db()
    assert grant.status == RepresentationStatus.PENDING
    assert grant.revoked_at is None


def test_a_fresh_code_can_be_sent_for_a_pending_grant(sms_outbox: Outbox) -> None:
    owner, agent = make_user(), make_user()
    first = _request(owner, agent)
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    second = _request(owner, make_user())  # its code replaces the first grant's code
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    resend_representation_code(owner=owner, representation_id=first.pk, client=CLIENT)
    code = sms_outbox.last_code(owner.mobile)
    confirm_representation(owner=owner, representation_id=first.pk, code=code, client=CLIENT)
    assert may_act_for(agent, owner, "D15")
    with pytest.raises(NotFoundError):
        resend_representation_code(owner=make_user(), representation_id=second.pk, client=CLIENT)
