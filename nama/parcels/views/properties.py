"""Citizens' property pages: my properties (A3) with linking by renewal code, the property page
with its map, setback (B7) and remaining area (B8), and the pickers that lead to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from nama.accounts.models import User
from nama.accounts.views.common import signed_in_user
from nama.core.text import to_persian_digits
from nama.parcels.models import Parcel
from nama.parcels.schemas import setback_report_out
from nama.parcels.selectors import (
    owners_visible_to,
    parcel_by_renewal_code,
    parcels_owned_by,
    setback_report,
    snapshots_of,
)
from nama.parcels.views import display, figures
from nama.parcels.views.access import (
    PropertyAccess,
    Viewer,
    holdings_of,
    property_for,
    represented_parcels,
)
from nama.parcels.views.forms import RenewalCodeForm
from nama.parcels.views.maps import map_settings

LINK_SERVICE: Final = "A2"  # تشکیل/اتصال پرونده ملک: the request the district checks
UNKNOWN_CODE: Final = (
    "ملکی با این کد نوسازی در سامانه ثبت نیست. کد را با قبض عوارض نوسازی مقایسه کنید؛ اگر ملک "
    "هنوز پرونده ندارد، درخواست «تشکیل یا اتصال پرونده ملک» را ثبت کنید."
)


@dataclass(frozen=True, slots=True)
class PropertyRow:
    renewal_code: str
    address: str
    district: str
    deed_area: str
    shares: list[str]
    url: str


def property_url(parcel: Parcel, anchor: str = "") -> str:
    url = reverse("parcels:property", args=[parcel.renewal_code])
    return f"{url}#{anchor}" if anchor else url


def _rows(parcels: list[Parcel], holder: User) -> list[PropertyRow]:
    """Cards of ``parcels`` with the shares ``holder`` (or their companies) hold in them."""
    holdings = holdings_of(holder, parcels)
    return [
        PropertyRow(
            renewal_code=parcel.renewal_code,
            address=to_persian_digits(parcel.address),
            district=parcel.district.name,
            deed_area=display.square_metres(parcel.deed_area),
            shares=figures.holding_text(holdings.get(parcel.pk, [])),
            url=property_url(parcel),
        )
        for parcel in parcels
    ]


def _lists(user: User) -> dict[str, Any]:
    """The user's own parcels and those of the owners they represent."""
    represented = [
        (group.principal.display_name, _rows(group.parcels, group.principal))
        for group in represented_parcels(user)
    ]
    return {
        "properties": _rows(list(parcels_owned_by(user)), user),
        "represented": represented,
        "link_service_url": reverse("catalog:service", args=[LINK_SERVICE]),
    }


def _opened(request: HttpRequest, access: PropertyAccess) -> HttpResponse:
    """A linked code the user may see: say why, then open the property page."""
    if access.viewer == Viewer.OWNER:
        messages.success(
            request, "در پرونده‌های شهرداری شما مالک این ملک هستید؛ ملک در فهرست املاک شماست."
        )
    elif access.principal is not None:
        messages.info(
            request, f"این ملک از آنِ {access.principal.display_name} است که نمایندهٔ او هستید."
        )
    return redirect(property_url(access.parcel))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def property_list(request: HttpRequest) -> HttpResponse:
    """My properties, and a renewal code to link: opened when the registry shows the user as
    owner; otherwise an explanation pointing to the district's check (A2). Never an owner."""
    user = signed_in_user(request)
    form = RenewalCodeForm(request.POST if request.method == "POST" else None)
    elsewhere = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["renewal_code"]
        access = property_for(user, code)
        if access is not None:
            return _opened(request, access)
        elsewhere = parcel_by_renewal_code(code)
        if elsewhere is None:
            form.add_error("renewal_code", UNKNOWN_CODE)
    context = {"form": form, "elsewhere": elsewhere, **_lists(user)}
    return render(request, "parcels/property_list.html", context)


def _owners(user: User, access: PropertyAccess) -> list[figures.OwnerRow]:
    reader = access.principal or user  # a representative reads as the owner they act for
    return figures.owner_rows(list(owners_visible_to(reader, access.parcel)))


@login_required
@require_safe
def property_detail(request: HttpRequest, renewal_code: str) -> HttpResponse:
    """A property's file with its map, setback and remaining area, zone rules and owners."""
    user = signed_in_user(request)
    try:
        access = property_for(user, renewal_code)
    except ValidationError as error:
        raise Http404 from error
    if access is None:
        raise Http404
    parcel = access.parcel
    if renewal_code != parcel.renewal_code:  # Persian digits or a unit's code: one address
        return redirect(property_url(parcel))
    report = setback_report(parcel)
    context = {
        "access": access,
        "parcel": parcel,
        "report": report,
        "areas": figures.area_figures(report),
        "plan": figures.plan_text(report),
        "street_lines": figures.street_line_rows(report),
        "zone": figures.zone_figures(parcel),
        "registry": figures.registry_figures(parcel),
        "owners": _owners(user, access),
        "snapshots": figures.snapshot_table(list(snapshots_of(parcel))),
        "map_data": setback_report_out(report),
        "map": map_settings(),
        "public_map_url": f"{reverse('parcels:map')}?code={parcel.renewal_code}",
    }
    return render(request, "parcels/property.html", context)


@dataclass(frozen=True, slots=True)
class Pick:
    """A self-service page that leads to one section of a chosen property's page."""

    title: str
    lead: str
    anchor: str
    url_name: str


SETBACK: Final = Pick(
    title="عقب‌نشینی ملک",
    lead="ملک را انتخاب کنید تا نوار عقب‌نشینی آن بر پایهٔ بر اصلاحی مصوب، روی نقشه و با "
    "اندازه‌ها، نشان داده شود.",
    anchor="setback",
    url_name="parcels:setback",
)
REMAINING: Final = Pick(
    title="میزان باقی‌مانده پلاک",
    lead="ملک را انتخاب کنید تا مساحت باقی‌مانده پس از کسر عقب‌نشینی، طبق سند و طبق نقشه، "
    "نشان داده شود.",
    anchor="remaining",
    url_name="parcels:remaining_area",
)


def _pick(request: HttpRequest, pick: Pick) -> HttpResponse:
    user = signed_in_user(request)
    asked = "renewal_code" in request.GET
    form = RenewalCodeForm(request.GET if asked else None)
    if asked and form.is_valid():
        access = property_for(user, form.cleaned_data["renewal_code"])
        if access is not None:
            return redirect(property_url(access.parcel, pick.anchor))
        form.add_error(
            "renewal_code",
            "این کد نوسازی در فهرست املاک شما نیست. اگر مالک آن هستید، نخست ملک را به "
            "حساب خود متصل کنید.",
        )
    context = {"form": form, "pick": pick, **_lists(user)}
    return render(request, "parcels/pick.html", context)


@login_required
@require_safe
def setback(request: HttpRequest) -> HttpResponse:
    """B7: choose one of your parcels to see its setback."""
    return _pick(request, SETBACK)


@login_required
@require_safe
def remaining_area(request: HttpRequest) -> HttpResponse:
    """B8: choose one of your parcels to see what remains after the setback."""
    return _pick(request, REMAINING)
