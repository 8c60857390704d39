"""Paying a bill and the providers' callbacks (/payments/); the sandbox bank below it."""

from django.urls import include, path, re_path

from nama.payments import views
from nama.payments.processing.orders import ORDER_ID

app_name = "payments"
urlpatterns = [
    path("sandbox/", include("nama.payments.sandbox.urls")),
    path("bills/<int:bill_pk>/pay/", views.pay, name="pay"),
    path("callback/<slug:provider>/", views.callback, name="callback"),
    re_path(rf"^(?P<order_id>{ORDER_ID.pattern})/$", views.result, name="result"),
]
