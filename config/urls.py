from django.contrib import admin
from django.urls import include, path, re_path

from config.api import api
from nama.billing.case_urls import staff_urls as staff_fee_urls
from nama.core.api import not_found_view as api_not_found_view
from nama.health import views as health_views

urlpatterns = [
    path("healthz", health_views.healthz, name="healthz"),
    path("readyz", health_views.readyz, name="readyz"),
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found_view),
    path("admin/", admin.site.urls),
    path("accounts/", include("nama.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("services/", include("nama.catalog.urls")),
    path("requests/", include("nama.cases.urls")),
    # After the cases and staff includes, which register the tracking-code converters.
    path("requests/<tracking_code:code>/fees/", include("nama.billing.case_urls")),
    path("staff/", include("nama.staff.urls")),
    path("staff/requests/<staff_code:code>/fees/", include(staff_fee_urls)),
    path("counter/", include("nama.counter.urls")),
    path("visits/", include("nama.visits.urls")),
    path("inspections/", include("nama.inspections.urls")),
    path("oversight/", include("nama.deadlines.urls")),
    path("bills/", include("nama.billing.urls")),
    path("revenue/", include("nama.billing.revenue.urls")),
    path("payments/", include("nama.payments.urls")),
    path("files/", include("nama.documents.urls")),
    path("parcels/", include("nama.parcels.urls")),
    path("", include("nama.portal.urls")),
]

handler500 = "nama.portal.views.server_error"
