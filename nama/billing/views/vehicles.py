"""Adding and removing the user's vehicles, from the vehicle duty page.

``/bills/vehicles/add/`` (POST): a refused form is shown again on the vehicle duty page with
its errors; ``/bills/vehicles/<pk>/remove/`` (POST) takes one of the user's vehicles off the
list (404 for anyone else's).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from nama.accounts.views.common import signed_in_user
from nama.billing.forms import VehicleForm
from nama.billing.selectors import owned_vehicles
from nama.billing.services.vehicles import add_vehicle, plate_display, remove_vehicle
from nama.billing.views.duties import VEHICLE, refusal, render_duties
from nama.core.problems import ApiError, NotFoundError

ADDED = "خودرو با پلاک {plate} به فهرست شما افزوده شد."
REMOVED = "خودرو با پلاک {plate} از فهرست شما برداشته شد."


@login_required
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = VehicleForm(request.POST)
    if form.is_valid():
        try:
            vehicle = add_vehicle(
                actor=user,
                plate=form.plate(),
                vehicle_class=form.cleaned_data["vehicle_class"],
                model_year=form.cleaned_data["model_year"],
                title=form.cleaned_data["title"],
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, ADDED.format(plate=plate_display(vehicle.plate)))
            return redirect(VEHICLE.url_name)
    return render_duties(request, VEHICLE, user, form=form)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    vehicle = owned_vehicles(user).filter(pk=pk).first()
    if vehicle is None:
        raise Http404("این خودرو پیدا نشد.")
    try:
        remove_vehicle(actor=user, vehicle=vehicle)
    except NotFoundError as error:
        raise Http404(error.detail) from error
    except (ValidationError, ApiError) as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, REMOVED.format(plate=plate_display(vehicle.plate)))
    return redirect(VEHICLE.url_name)
