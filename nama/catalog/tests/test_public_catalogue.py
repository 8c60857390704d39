"""The public side: search that forgives Persian spelling, details, steps, no N+1."""

from __future__ import annotations

from typing import Any

import pytest

from nama.catalog.files import SyncReport
from nama.catalog.models import Service
from nama.catalog.selectors import ServiceNotFoundError, service_detail, services_for_public

pytestmark = pytest.mark.django_db


def _codes(query: str = "", category: str = "") -> list[str]:
    return [facts.spec.code for facts in services_for_public(query=query, category=category)]


def test_the_catalogue_is_in_the_references_order(catalog: SyncReport) -> None:
    codes = _codes()
    assert len(codes) == 34
    assert codes[:5] == ["A1", "A2", "A3", "A4", "B5"]
    assert codes[-1] == "G34"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("عوارض كسب", ["G33"]),  # Arabic kaf
        ("مجوز تعميرات", ["D23"]),  # Arabic yeh
        ("آرای ماده ۱۰۰", ["B9"]),  # Persian digits
        ("آرای ماده ١٠٠", ["B9"]),  # Arabic-Indic digits
        ("آرای ماده 100", ["B9"]),
        ("ماده ۱۰۰", ["B9", "E26", "E27", "E28"]),  # descriptions count too
        ("عقبنشینی کف", ["B7"]),  # without the zero-width non-joiner
        ("پایان‌کار تفکیکی", ["E29"]),  # with one where the title has none
        ("d۱۵", ["D15"]),  # a code, lower case, Persian digits
        ("  پروانه   تخريب ", ["D16"]),  # every word must match
    ],
)
def test_search_forgives_spelling_variants(
    catalog: SyncReport, query: str, expected: list[str]
) -> None:
    assert _codes(query) == expected


def test_search_within_a_category(catalog: SyncReport) -> None:
    assert _codes(category="inquiries") == ["C11", "C12", "C13"]
    assert _codes("دفترخانه", category="inquiries") == ["C12"]
    assert _codes(category="unknown") == []


def test_an_inactive_service_is_not_public(catalog: SyncReport) -> None:
    Service.objects.filter(code="D20").update(is_active=False)

    assert "D20" not in _codes()
    with pytest.raises(ServiceNotFoundError):
        service_detail("D20")


def test_a_service_is_found_by_code_or_slug(catalog: SyncReport) -> None:
    assert service_detail("d۱۵").spec.code == "D15"
    assert service_detail("building_permit").spec.code == "D15"
    with pytest.raises(ServiceNotFoundError) as missing:
        service_detail("X1")
    assert missing.value.detail == "خدمتی با کد «X1» پیدا نشد."


def test_the_steps_are_the_workflows_main_path(catalog: SyncReport) -> None:
    steps = service_detail("D15").steps

    assert [(s.code, s.deadline_days, s.by_applicant) for s in steps] == [
        ("document_check", 2, False),
        ("visit_booking", 7, True),
        ("visit", 7, False),
        ("technical_review", 5, False),
        ("fee_assessment", 2, False),
        ("fee_consent", 10, True),
        ("payment", 15, True),
        ("drafting", 2, False),
        ("signature", 2, False),
        ("issued", None, False),
    ]
    assert steps[0].citizen_label == "در حال بررسی مدارک"
    assert steps[0].role_label == "کارمند پیشخوان شهرسازی"
    assert steps[-1].final


def test_self_service_links_only_to_pages_that_exist(catalog: SyncReport) -> None:
    registration, maps, duty = service_detail("A1"), service_detail("B5"), service_detail("G34")
    assert registration.entry_url == "/accounts/register/"
    assert registration.steps == []
    assert maps.spec.entry == "parcels:map"
    assert maps.entry_url == "/parcels/map/"
    assert duty.entry_url == "/bills/duties/vehicles/"


def test_lists_cost_two_queries_however_long(
    catalog: SyncReport, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        assert len(services_for_public()) == 34
    with django_assert_num_queries(2):
        assert len(services_for_public(category="duties")) == 3
    with django_assert_num_queries(2):
        service_detail("D15")
