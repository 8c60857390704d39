from django.urls import path

# The "tracking_code" path converter is registered by the cases app's URLs.
import nama.cases.urls  # noqa: F401
from nama.visits.views import booking, reschedule

app_name = "visits"
urlpatterns = [
    path("<tracking_code:code>/book/", booking.book, name="book"),
    path("<tracking_code:code>/reschedule/", reschedule.reschedule, name="reschedule"),
]
