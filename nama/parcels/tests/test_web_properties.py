"""The citizens' property pages: my properties, linking by renewal code, the property page and
who may open it (owner, representative, district staff) — everyone else sees nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from shapely.geometry import LineString, box

from nama.accounts.constants import RepresentationStatus, StaffRole
from nama.accounts.models import LegalPerson, LegalPersonAgent, Representation, User
from nama.accounts.tests.factories import make_user, sign_in_verified, staff_member
from nama.core.testing.html import outline
from nama.parcels.constants import LandUse
from nama.parcels.models import Parcel, Zone
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel, make_plan, make_street_line

pytestmark = pytest.mark.django_db

OWNER_ID = "0499370899"
OTHER_OWNER_ID = "0012345679"
CODE = "7-1-3-12-0-0-0"
OTHERS_CODE = "7-1-3-13-0-0-0"
ADDRESS = "خیابان چهارباغ، کوچه گل‌ها، پلاک 12"
# What a refused visitor must never see: the owner, the address, the plate, the figures.
PRIVATE = ("پروین", "اعتصامی", OWNER_ID, "چهارباغ", "۵۱۲٫۴۰", "۷۲/۱۶۱۷", "۸۱۳۴۷")


@dataclass
class City:
    parcel: Parcel
    others: Parcel
    owner: User


@pytest.fixture
def city() -> City:
    """One parcel a planned street line cuts (a 20 m × 5 m strip), owned by «پروین اعتصامی»,
    and a neighbour owned by someone else."""
    Zone.objects.create(
        code="R122",
        name="مسکونی تراکم متوسط",
        land_use=LandUse.RESIDENTIAL,
        density_percent=180,
        coverage_percent=60,
        max_floors=4,
    )
    plan = make_plan()
    make_street_line(plan, "a1", centre=LineString([(-100, 30), (300, 30)]), width=20)
    parcel = make_parcel(
        CODE,
        box(0, 0, 20, 25),
        address=ADDRESS,
        deed_area="512.40",
        plate="72/1617",
        postal_code="8134767890",
        zone_code="R122",
    )
    others = make_parcel(OTHERS_CODE, box(30, 0, 50, 18), address="کوچه همسایه", deed_area="360")
    share = ShareData(dang=6, national_id=OWNER_ID, first_name="پروین", last_name="اعتصامی")
    set_owners(actor=None, parcel=parcel, shares=[share])
    other = ShareData(dang=6, national_id=OTHER_OWNER_ID, first_name="سهراب", last_name="سپهری")
    set_owners(actor=None, parcel=others, shares=[other])
    owner = make_user(
        national_id=OWNER_ID, username=OWNER_ID, first_name="پروین", last_name="اعتصامی"
    )
    return City(parcel=parcel, others=others, owner=owner)


def _stranger() -> User:
    return make_user(first_name="کاوه", last_name="آهنگر")


def _representative(owner: User, services: list[str] | None = None) -> User:
    agent = make_user(first_name="بهرام", last_name="بیضایی")
    Representation.objects.create(
        owner=owner,
        representative=agent,
        services=services or [],
        status=RepresentationStatus.ACTIVE,
        expires_at=timezone.now() + timedelta(days=30),
    )
    return agent


def _text(response: Any) -> str:
    return " ".join(outline(response.content).text)


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# --- The property page: who may open it ---------------------------------------------------------


def test_the_owner_sees_the_map_figures_in_persian_zone_rules_and_owners(
    client: Client, city: City
) -> None:
    response = _as(client, city.owner).get(f"/parcels/property/{CODE}/")
    assert response.status_code == 200
    page = outline(response.content)
    text = " ".join(page.text)
    assert "خیابان چهارباغ، کوچه گل‌ها، پلاک ۱۲" in text
    for figure in (
        "۵۱۲٫۴۰ مترمربع",  # deed area
        "۵۰۰٫۰۰ مترمربع",  # geometric area (differs from the deed: both shown)
        "۱۰۰٫۰۰ مترمربع",  # setback: 20 m × 5 m
        "۲۰٫۰۰ متر",  # frontage on the planned street line
        "۴۱۲٫۴۰ مترمربع",  # remaining, deed
        "۴۰۰٫۰۰ مترمربع",  # remaining, geometric
        "۱۸۰٪",  # density
        "۴ طبقه",  # max floors
        "۱۴۰۳/۰۱/۰۱",  # plan approved 2024-03-20, Jalali
        "پروین اعتصامی",
        "۶ دانگ",
        "۰۴۹****۸۹۹",  # the owner's national ID, masked
    ):
        assert figure in text, figure
    assert [t for t in page.rtl_text if any(c in "0123456789" for c in t)] == []
    codes = [e for e in page.find_all("bdi") if e.attrs.get("dir") == "ltr"]
    assert codes  # the renewal code is isolated left to right
    map_element = next(e for e in page.elements if e.attrs.get("id") == "property-map")
    assert map_element.attrs["data-tile-url"] == ""
    assert '"setback": {"type": "Polygon"' in response.content.decode()
    assert 'id="setback-hatch"' in response.content.decode()


def test_a_parcel_without_shape_zone_or_plan_still_has_its_page(client: Client) -> None:
    owner = make_user(national_id=OWNER_ID, username=OWNER_ID)
    bare = make_parcel("7-1-9-1-0-0-0", None, deed_area="250")
    set_owners(actor=None, parcel=bare, shares=[ShareData(dang=6, national_id=OWNER_ID)])
    response = _as(client, owner).get("/parcels/property/7-1-9-1-0-0-0/")
    assert response.status_code == 200
    text = _text(response)
    assert "طرح بر اصلاحی مصوبی در سامانه ثبت نشده است" in text
    assert "۲۵۰٫۰۰ مترمربع" in text
    assert "ضوابط طرح تفصیلی" not in text
    assert '"parcel": null' in response.content.decode()


def test_a_representative_of_the_owner_sees_the_file_and_its_owners(
    client: Client, city: City
) -> None:
    agent = _representative(city.owner)
    response = _as(client, agent).get(f"/parcels/property/{CODE}/")
    assert response.status_code == 200
    text = _text(response)
    assert "به نمایندگی از" in text
    assert "پروین اعتصامی" in text
    assert "۶ دانگ" in text


def test_a_grant_for_other_services_does_not_open_the_property_file(
    client: Client, city: City
) -> None:
    agent = _representative(city.owner, services=["D15"])
    assert _as(client, agent).get(f"/parcels/property/{CODE}/").status_code == 404


def test_staff_of_the_parcels_district_see_the_file_with_its_owners(
    client: Client, city: City
) -> None:
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    sign_in_verified(client, clerk)
    response = client.get(f"/parcels/property/{CODE}/")
    assert response.status_code == 200
    text = _text(response)
    assert "نمای کارکنان منطقه ۷" in text
    assert "پروین اعتصامی" in text


@pytest.mark.parametrize("who", ["staff_elsewhere", "unverified_staff", "stranger", "neighbour"])
def test_everyone_else_gets_a_plain_not_found_that_shows_nothing(
    client: Client, city: City, who: str
) -> None:
    if who == "staff_elsewhere":
        sign_in_verified(client, staff_member(StaffRole.DESK_CLERK, 8))
    elif who == "unverified_staff":
        client.force_login(staff_member(StaffRole.DESK_CLERK, 7))  # no second factor
    elif who == "neighbour":
        neighbour = make_user(national_id=OTHER_OWNER_ID, username=OTHER_OWNER_ID)
        client.force_login(neighbour)
    else:
        client.force_login(_stranger())
    response = client.get(f"/parcels/property/{CODE}/")
    assert response.status_code == 404
    page = response.content.decode()
    for secret in PRIVATE:
        assert secret not in page, secret
    assert "property-map-data" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, city: City) -> None:
    response = client.get(f"/parcels/property/{CODE}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/parcels/mine/").status_code == 302
    assert client.get("/parcels/setback/").status_code == 302


def test_a_code_in_persian_digits_or_a_units_code_leads_to_the_one_address(
    client: Client, city: City
) -> None:
    _as(client, city.owner)
    response = client.get("/parcels/property/۷-۱-۳-۱۲-۰-۰-۰/")
    assert response.status_code == 302
    assert response["Location"] == f"/parcels/property/{CODE}/"
    assert client.get("/parcels/property/7-1-3-12-4-2-0/")["Location"].endswith(f"{CODE}/")
    assert client.get("/parcels/property/not-a-code/").status_code == 404


# --- My properties ------------------------------------------------------------------------------


def test_my_properties_lists_mine_and_my_companys_with_shares_in_dang(
    client: Client, city: City
) -> None:
    company = LegalPerson.objects.create(
        legal_id="10380284790", name="شرکت نقش جهان", registered_by=city.owner
    )
    LegalPersonAgent.objects.create(legal_person=company, user=city.owner, granted_by=city.owner)
    company_parcel = make_parcel("7-1-4-1-0-0-0", box(0, 60, 20, 80), deed_area="400")
    set_owners(
        actor=None,
        parcel=company_parcel,
        shares=[ShareData(dang="2.5", legal_id="10380284790", legal_name="شرکت نقش جهان")],
    )
    response = _as(client, city.owner).get("/parcels/mine/")
    assert response.status_code == 200
    page = outline(response.content)
    text = " ".join(page.text)
    assert "۷-۱-۳-۱۲-۰-۰-۰" in text
    assert "۷-۱-۴-۱-۰-۰-۰" in text
    assert "۷-۱-۳-۱۳-۰-۰-۰" not in text  # the neighbour's
    assert "۶ دانگ" in text
    assert "۲٫۵ دانگ به نام شرکت نقش جهان" in text
    assert "۵۱۲٫۴۰ مترمربع" in text
    assert "منطقه ۷" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in " ".join(page.rtl_text))


def test_the_list_reads_the_same_number_of_queries_for_one_parcel_or_many(
    client: Client, city: City
) -> None:
    _as(client, city.owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/parcels/mine/").status_code == 200
        return len(queries)

    one = count()
    for i in range(4):
        parcel = make_parcel(f"7-1-5-{i + 1}-0-0-0", box(100 + 30 * i, 0, 120 + 30 * i, 20))
        set_owners(actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=OWNER_ID)])
    assert count() == one


def test_a_representative_sees_the_owners_properties_apart_from_their_own(
    client: Client, city: City
) -> None:
    agent = _representative(city.owner)
    text = _text(_as(client, agent).get("/parcels/mine/"))
    assert "املاک کسانی که نمایندهٔ آن‌ها هستید" in text
    assert "۷-۱-۳-۱۲-۰-۰-۰" in text


# --- Linking a parcel by renewal code -----------------------------------------------------------


@pytest.mark.parametrize("typed", ["۷-۱-۳-۱۲-۰-۰-۰", "٧-١-٣-١٢-٠-٠-٠", "7/1/3/12/0/0/0"])
def test_linking_my_own_parcel_in_any_digit_script_opens_it(
    client: Client, city: City, typed: str
) -> None:
    response = _as(client, city.owner).post("/parcels/mine/", {"renewal_code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/parcels/property/{CODE}/"
    follow = client.get(response["Location"])
    assert "شما مالک این ملک هستید" in _text(follow)


def test_someone_elses_parcel_points_to_the_district_check_and_never_names_the_owner(
    client: Client, city: City
) -> None:
    response = _as(client, city.owner).post("/parcels/mine/", {"renewal_code": "٧-١-٣-١٣-٠-٠-٠"})
    assert response.status_code == 200
    page = response.content.decode()
    text = _text(response)
    assert "به نام شما ثبت نشده است" in text
    assert "منطقه ۷" in text
    assert 'href="/services/A2/"' in page
    for secret in ("سهراب", "سپهری", OTHER_OWNER_ID, "۰۰۱****۶۷۹", "۳۶۰٫۰۰"):
        assert secret not in page, secret


def test_an_unknown_or_malformed_code_is_explained_on_the_field(client: Client, city: City) -> None:
    _as(client, city.owner)
    unknown = client.post("/parcels/mine/", {"renewal_code": "۷-۹۹-۱-۱-۰-۰-۰"})
    assert unknown.status_code == 200
    assert "ملکی با این کد نوسازی در سامانه ثبت نیست" in _text(unknown)
    assert 'href="/services/A2/"' in unknown.content.decode()
    malformed = client.post("/parcels/mine/", {"renewal_code": "۷-۱-۳"})
    assert "کد نوسازی باید ۷ بخش داشته باشد" in _text(malformed)
    empty = client.post("/parcels/mine/", {"renewal_code": ""})
    assert "کد نوسازی را بنویسید." in _text(empty)


# --- Setback (B7) and remaining area (B8) pickers ------------------------------------------------


def test_the_setback_and_remaining_area_pages_lead_to_the_chosen_propertys_section(
    client: Client, city: City
) -> None:
    _as(client, city.owner)
    page = client.get("/parcels/setback/")
    assert page.status_code == 200
    assert f'href="/parcels/property/{CODE}/#setback"' in page.content.decode()
    chosen = client.get("/parcels/remaining-area/", {"renewal_code": "۷-۱-۳-۱۲-۰-۰-۰"})
    assert chosen["Location"] == f"/parcels/property/{CODE}/#remaining"
    refused = client.get("/parcels/setback/", {"renewal_code": OTHERS_CODE})
    assert refused.status_code == 200
    assert "این کد نوسازی در فهرست املاک شما نیست" in _text(refused)
    assert "سهراب" not in refused.content.decode()


def test_the_catalogue_links_the_self_service_pages_that_exist(client: Client) -> None:
    from nama.catalog.selectors import entry_url

    assert entry_url("parcels:property_list") == "/parcels/mine/"
    assert entry_url("parcels:map") == "/parcels/map/"
    assert entry_url("parcels:setback") == "/parcels/setback/"
    assert entry_url("parcels:remaining_area") == "/parcels/remaining-area/"
    # No violation or permit records exist yet: those pages are not made up.
    assert entry_url("parcels:violations") is None
    assert entry_url("parcels:permits") is None


def test_a_stranger_has_no_properties_and_is_invited_to_link_one(client: Client) -> None:
    response = _as(client, _stranger()).get("/parcels/mine/")
    assert response.status_code == 200
    assert "ملکی به نام شما پیدا نشد" in _text(response)
