"""Every request page against someone unrelated: the same 404 as an unknown code, nothing
changes; signing in is required; CSRF protects every form."""

from __future__ import annotations

import pytest
from django.test import Client

from nama.accounts.constants import StaffRole
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member
from nama.cases.applying import notification_ref
from nama.cases.constants import CaseStatus
from nama.cases.models import Case, CaseMessage, Notification
from nama.cases.notifications import notify
from nama.cases.services import start_draft
from nama.cases.tests.builders import draft, owned_parcel, represent, returned, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

UNKNOWN = "123456789018"  # the check digit is right; no request has it

GETS = ["", "form/", "documents/", "review/", "submitted/", "withdraw/"]
POSTS = {
    "form/": {"units": "9", "_step": "save"},
    "review/": {},
    "discard/": {},
    "resubmit/": {"step": "1"},
    "withdraw/": {"reason": "x"},
    "messages/": {"body": "سلام"},
}


def _snapshot(case: Case) -> tuple[object, ...]:
    case.refresh_from_db()
    step = case.workflow.step if case.workflow else None
    return (case.status, case.form_data, case.corrections, step, case.messages.count())


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_an_unrelated_citizen_gets_404_everywhere_and_changes_nothing(
    client: Client, state: str
) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    case = draft(owner, parcel) if state == "draft" else submitted(owner, parcel)
    if state == "returned":
        case = returned(case, fields=["units"])
    before = _snapshot(case)
    client.force_login(make_user())
    for suffix in GETS:
        assert client.get(f"/requests/{case.tracking_code}/{suffix}").status_code == 404, suffix
        assert client.get(f"/requests/{UNKNOWN}/{suffix}").status_code == 404, suffix
    for suffix, data in POSTS.items():
        assert client.post(f"/requests/{case.tracking_code}/{suffix}", data).status_code == 404
    assert _snapshot(case) == before
    assert Case.objects.filter(pk=case.pk).exists()


def test_district_staff_use_their_worklist_not_the_citizens_pages(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 7))
    assert client.get(f"/requests/{case.tracking_code}/").status_code == 404


def test_the_owner_sees_a_request_their_representative_filed(client: Client) -> None:
    owner, engineer = make_user(), make_user()
    parcel = owned_parcel(owner)
    represent(owner, engineer)
    case = start_draft(actor=engineer, service_code="D15", parcel=parcel, owner=owner)
    for person in (owner, engineer):
        client.force_login(person)
        assert client.get(f"/requests/{case.tracking_code}/").status_code == 200


def test_every_page_needs_signing_in_except_public_tracking(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    for path in [
        "/requests/",
        "/requests/inbox/",
        "/requests/new/D15/",
        *[f"/requests/{case.tracking_code}/{suffix}" for suffix in GETS],
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
    assert client.get("/requests/track/").status_code == 200


def test_an_unrelated_user_cannot_mark_someone_elses_notifications_read(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    notify(owner, case, "test:1", "step", step="بررسی")
    note = Notification.objects.get(user=owner)
    client.force_login(make_user())
    client.post("/requests/inbox/read/", {"ref": notification_ref(note.pk)})
    client.post("/requests/inbox/read/", {"all": "1"})
    note.refresh_from_db()
    assert note.read_at is None


STRICT_POSTS = [
    "/requests/new/D15/",
    "/requests/track/",
    "/requests/inbox/read/",
    *[f"/requests/{{code}}/{suffix}" for suffix in POSTS],
]


@pytest.mark.parametrize("path", STRICT_POSTS)
def test_every_form_needs_the_csrf_token(path: str) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(path.format(code=case.tracking_code), {"body": "x", "reason": "x"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    assert not CaseMessage.objects.exists()


def test_the_forms_carry_the_csrf_token(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    client.force_login(owner)
    for path in ["/requests/new/D15/", f"/requests/{case.tracking_code}/", "/requests/track/"]:
        assert 'name="csrfmiddlewaretoken"' in client.get(path).content.decode(), path
