from django.urls import path

from nama.documents import views

app_name = "documents"

urlpatterns = [
    path("<str:token>/", views.serve, name="serve"),
]
