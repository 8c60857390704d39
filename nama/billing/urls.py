"""The citizen's bills and duties pages (/bills/)."""

from django.urls import path  # noqa: F401

app_name = "billing"
urlpatterns: list[object] = []
