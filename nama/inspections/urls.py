from django.urls import path

from nama.inspections.views import desk, oversight, report, today

app_name = "inspections"
urlpatterns = [
    path("", today.today, name="today"),
    path("discrepancies/", oversight.discrepancies, name="discrepancies"),
    path("<str:tracking_code>/", report.report, name="report"),
    path("<str:tracking_code>/photos/", report.photo, name="photo"),
    path("<str:tracking_code>/desk/", desk.desk, name="desk"),
]
