"""Paying a bill and the providers' callbacks (/payments/); the sandbox bank below it."""

from django.urls import include, path

app_name = "payments"
urlpatterns = [
    path("sandbox/", include("nama.payments.sandbox.urls")),
]
