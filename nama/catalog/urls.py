from django.urls import path

from nama.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("brochure/", views.brochure, name="brochure"),
    path("<str:code>/", views.service, name="service"),
]
