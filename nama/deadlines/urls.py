from django.urls import path

from nama.deadlines.views import oversight

app_name = "deadlines"
urlpatterns = [
    path("", oversight.overdue, name="overdue"),
]
