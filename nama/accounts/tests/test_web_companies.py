"""Companies on the web: register a legal person, add and remove its agents."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from nama.accounts.models import LegalPerson, LegalPersonAgent
from nama.accounts.services.legal import add_agent, register_legal_person
from nama.accounts.tests.factories import make_user
from nama.core.testing.html import outline

pytestmark = pytest.mark.django_db

PAGE = "/accounts/companies/"
LEGAL_ID = "10380284790"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_a_citizen_registers_a_company_adds_an_agent_and_removes_them(client: Client) -> None:
    founder, lawyer = make_user(), make_user(first_name="نرگس", last_name="صالحی")
    client.force_login(founder)

    registered = client.post(
        PAGE,
        {
            "legal_id": LEGAL_ID.translate(PERSIAN),
            "name": "شركت ساختمانی زاينده",
            "title": "مدیرعامل",
        },
    )
    company = LegalPerson.objects.get(legal_id=LEGAL_ID)
    added = client.post(
        f"/accounts/companies/{company.pk}/agents/",
        {
            f"agent-{company.pk}-national_id": lawyer.national_id,
            f"agent-{company.pk}-mobile": lawyer.mobile,
            f"agent-{company.pk}-title": "وکیل",
        },
    )
    page = outline(client.get(PAGE).content)
    agency = LegalPersonAgent.objects.get(user=lawyer)
    removed = client.post(f"/accounts/companies/agents/{agency.pk}/revoke/")

    assert registered["Location"] == added["Location"] == removed["Location"] == PAGE
    assert company.name == "شرکت ساختمانی زاینده"
    assert "نرگس صالحی" in " ".join(page.text)
    agency.refresh_from_db()
    assert agency.revoked_at is not None


def test_a_bad_legal_id_and_a_taken_one_are_explained(client: Client) -> None:
    founder, latecomer = make_user(), make_user()
    register_legal_person(actor=founder, legal_id=LEGAL_ID, name="زاینده", title="", client=None)
    client.force_login(latecomer)

    bad = client.post(PAGE, {"legal_id": "10380284791", "name": "زاینده", "title": "مدیر"})
    taken = client.post(PAGE, {"legal_id": LEGAL_ID, "name": "زاینده", "title": "مدیر"})

    assert bad.context["form"].errors == {"legal_id": ["شناسه ملی نامعتبر است."]}
    assert "پیش‌تر ثبت شده" in taken.context["form"].errors["__all__"][0]
    assert LegalPerson.objects.count() == 1


def test_the_last_agent_cannot_leave(client: Client) -> None:
    founder = make_user()
    company = register_legal_person(
        actor=founder, legal_id=LEGAL_ID, name="زاینده", title="", client=None
    )
    client.force_login(founder)
    agency = LegalPersonAgent.objects.get(legal_person=company)

    response = client.post(f"/accounts/companies/agents/{agency.pk}/revoke/", follow=True)

    assert "آخرین نماینده را نمی‌توان حذف کرد" in " ".join(outline(response.content).text)
    agency.refresh_from_db()
    assert agency.revoked_at is None


def test_an_unrelated_user_can_neither_add_nor_remove_agents(client: Client) -> None:
    founder, stranger, friend = make_user(), make_user(), make_user()
    company = register_legal_person(
        actor=founder, legal_id=LEGAL_ID, name="زاینده", title="", client=None
    )
    agency = LegalPersonAgent.objects.get(legal_person=company)
    client.force_login(stranger)

    added = client.post(
        f"/accounts/companies/{company.pk}/agents/",
        {
            f"agent-{company.pk}-national_id": friend.national_id,
            f"agent-{company.pk}-mobile": friend.mobile,
            f"agent-{company.pk}-title": "x",
        },
    )
    removed = client.post(f"/accounts/companies/agents/{agency.pk}/revoke/")

    assert added.status_code == removed.status_code == 404
    assert (
        LegalPersonAgent.objects.filter(legal_person=company, revoked_at__isnull=True).count() == 1
    )
    assert "زاینده" not in outline(client.get(PAGE).content).text


def test_the_page_does_not_query_per_company(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    founder = make_user()
    for number in range(5):
        company = register_legal_person(
            actor=founder, legal_id=_legal_id(number), name=f"شرکت {number}", title="", client=None
        )
        for _ in range(2):
            helper = make_user()
            add_agent(
                actor=founder,
                legal_person=company,
                national_id=str(helper.national_id),
                mobile=helper.mobile,
                title="",
                client=None,
            )
    client.force_login(founder)

    with django_assert_max_num_queries(6):
        page = outline(client.get(PAGE).content)

    assert sum(1 for text in page.text if text.startswith("شرکت ")) == 5


def _legal_id(seed: int) -> str:
    from nama.core.identifiers import legal_id_check_digit

    first_ten = f"1038028{seed:03d}"
    return first_ten + str(legal_id_check_digit(first_ten))
