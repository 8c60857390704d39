"""A request's fee pages: the applicant's under ``/requests/<tracking code>/fees/``
(``urlpatterns``, namespace ``case_fees``) and the revenue officer's under
``/staff/requests/<tracking code>/fees/`` (``staff_urls``, namespace ``staff_fees``).
Both are mounted in ``config/urls.py`` with the tracking-code converters of those apps."""

from django.urls import path

from nama.billing.views import case_fees, staff_fees

app_name = "case_fees"
urlpatterns = [
    path("", case_fees.show, name="show"),
    path("accept/", case_fees.accept, name="accept"),
    path("dispute/", case_fees.dispute, name="dispute"),
]

staff_urls = (
    [
        path("", staff_fees.show, name="show"),
        path("lines/<int:line>/adjust/", staff_fees.adjust, name="adjust"),
    ],
    "staff_fees",
)
